// SPDX-License-Identifier: Apache-2.0

// RFC 4514 string representation of DNs: escaping attribute values and joining RDNs.

/// Building distinguished names safely, and reading them back (RFC 4514).
///
/// Build with ``escapeValue(_:)``, ``rdn(_:)`` and ``dn(_:parent:)``; read with
/// ``unescapeValue(_:)``, ``firstValue(of:)`` and ``parent(of:)`` (or
/// ``LDAPRelativeDistinguishedName`` for every value of a multi-valued RDN); place entries
/// with ``same(_:_:)``, ``dn(_:isBelow:)`` and ``dn(_:isChildOf:)``.
public enum LDAPDistinguishedName {
    /// Escapes an attribute value for use in a DN string (RFC 4514 §2.4):
    ///
    /// > - a space (' ' U+0020) or number sign ('#' U+0023) occurring at the beginning of the string;
    /// > - a space (' ' U+0020) character occurring at the end of the string;
    /// > - one of the characters '"', '+', ',', ';', '<', '>',  or '\' (U+0022, U+002B, U+002C, U+003B, U+003C, U+003E, or U+005C, respectively);
    /// > - the null (U+0000) character.
    ///
    /// The first three groups are escaped as `\` plus the character, NUL as `\00`.
    /// `=` is escaped too (§3 allows it as a `special`), so values never look like a new type.
    /// - Parameter value: The raw attribute value.
    /// - Returns: The escaped value.
    public static func escapeValue(_ value: String) -> String {
        let scalars = Array(value.unicodeScalars)
        var out = ""
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\"", "+", ",", ";", "<", ">", "\\", "=":
                out += "\\"
                out.unicodeScalars.append(scalar)
            case "\u{0}":
                out += "\\00"
            case " " where index == 0 || index == scalars.count - 1:
                out += "\\ "
            case "#" where index == 0:
                out += "\\#"
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Builds a relative DN; several pairs make a multi-valued RDN joined by `+`
    /// (RFC 4514 §2.2), e.g. `cn=token+ou=realm`.
    /// - Parameter pairs: Attribute types (descriptors or OIDs, not escaped) with raw values.
    /// - Returns: The RDN string with every value escaped.
    public static func rdn(_ pairs: [(attribute: String, value: String)]) -> String {
        pairs.map { "\($0.attribute)=\(escapeValue($0.value))" }.joined(separator: "+")
    }

    /// Builds a single-valued RDN, e.g. `uid=alice`.
    /// - Parameters:
    ///   - attribute: The attribute type.
    ///   - value: The raw value.
    /// - Returns: The RDN string with the value escaped.
    public static func rdn(_ attribute: String, _ value: String) -> String {
        rdn([(attribute: attribute, value: value)])
    }

    /// Joins RDNs (most specific first) and an optional parent DN with `,` (RFC 4514 §2.1).
    /// - Parameters:
    ///   - rdns: RDN strings as made by ``rdn(_:)``.
    ///   - parent: An already valid DN to append, such as a configured base.
    /// - Returns: The DN string.
    public static func dn(_ rdns: [String], parent: String? = nil) -> String {
        var parts = rdns
        if let parent, !parent.isEmpty { parts.append(parent) }
        return parts.joined(separator: ",")
    }
}
