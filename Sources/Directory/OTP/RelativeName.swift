/// The attribute values of a DN's first RDN (`cn=a\,b+ou=x,…` → cn: `a,b`, ou: `x`),
/// RFC 4514 escapes undone.
struct RelativeName {
    private var pairs: [(attribute: String, value: String)] = []

    /// Parses the first RDN of `dn`; `nil` when it is malformed.
    init?(dn: String) {
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
                let value = DistinguishedName.unescape(Substring(raw))
            else { return nil }
            pairs.append((attribute.trimmingSpaces().lowercased(), value))
        }
    }

    /// The value of `attribute` (case-insensitive name) in the RDN.
    func value(_ attribute: String) -> String? {
        let wanted = attribute.lowercased()
        return pairs.first { $0.attribute == wanted }?.value
    }
}

private extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
