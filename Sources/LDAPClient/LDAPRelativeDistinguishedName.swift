// SPDX-License-Identifier: Apache-2.0

// The first RDN of a DN string, parsed into its attribute values (RFC 4514 §2.2, §3).

/// The attribute values of a DN's first relative distinguished name, RFC 4514 escapes
/// undone: `cn=a\,b+ou=x,dc=example` → `cn`: `a,b`, `ou`: `x`.
///
/// RFC 4514 §3:
///
/// > relativeDistinguishedName = attributeTypeAndValue
/// >     *( PLUS attributeTypeAndValue )
/// > attributeTypeAndValue = attributeType EQUALS attributeValue
///
/// A multi-valued RDN (`cn=token+ou=realm`) gives one value per attribute. Attribute
/// types are matched without regard to letter case; the values keep theirs.
///
/// ```swift
/// let rdn = LDAPRelativeDistinguishedName(dn: "cn=token+ou=realm,ou=otp,dc=example,dc=org")
/// rdn?.value("cn")   // "token"
/// rdn?.value("OU")   // "realm"
/// ```
///
/// Build RDN strings with ``LDAPDistinguishedName/rdn(_:)``.
public struct LDAPRelativeDistinguishedName: Sendable {
    private var pairs: [(attribute: String, value: String)] = []

    /// Parses the first RDN of `dn` (everything before its first unescaped `,`).
    /// - Parameter dn: A DN string, or a lone RDN.
    /// - Returns: `nil` when the RDN is malformed: an attribute without `=`, or a value
    ///   that does not unescape (see ``LDAPDistinguishedName/unescapeValue(_:)``).
    public init?(dn: String) {
        var current: [UInt8] = []
        var parts: [[UInt8]] = []
        var escaped = false
        loop: for byte in dn.utf8 {
            if escaped {
                current.append(byte)
                escaped = false
                continue
            }
            switch byte {
            case UInt8(ascii: "\\"):
                current.append(byte)
                escaped = true
            case UInt8(ascii: "+"):
                parts.append(current)
                current = []
            case UInt8(ascii: ","):
                break loop
            default:
                current.append(byte)
            }
        }
        parts.append(current)
        for part in parts {
            guard let eq = part.firstIndex(of: UInt8(ascii: "=")),
                let attribute = String(validating: part[..<eq], as: UTF8.self),
                let raw = String(validating: part[(eq + 1)...], as: UTF8.self),
                let value = LDAPDistinguishedName.unescapeValue(raw)
            else { return nil }
            pairs.append((attribute.trimmingSpaces().lowercased(), value))
        }
    }

    /// The value of `attribute` in the RDN.
    /// - Parameter attribute: The attribute type, in any letter case.
    /// - Returns: Its unescaped value, or `nil` when the RDN does not have it.
    public func value(_ attribute: String) -> String? {
        let wanted = attribute.lowercased()
        return pairs.first { $0.attribute == wanted }?.value
    }
}

private extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
