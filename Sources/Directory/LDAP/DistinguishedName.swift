/// The little DN arithmetic the adapters need: where an entry lives and the value of
/// its first RDN (RFC 4514 §3 string form, `\,` and `\XX` escapes undone).
enum DistinguishedName {
    /// Whether `dn` sits directly or deeper below `base` (case-insensitive, spaces after commas ignored).
    static func dn(_ dn: String, isBelow base: String) -> Bool {
        normalized(dn).hasSuffix("," + normalized(base))
    }

    /// Whether `dn` is directly below `base` (exactly one RDN deeper).
    static func dn(_ dn: String, isChildOf base: String) -> Bool {
        guard let parent = parent(of: dn) else { return false }
        return normalized(parent) == normalized(base)
    }

    /// Whether two DNs name the same entry (case-insensitive, spaces after commas ignored).
    static func same(_ a: String, _ b: String) -> Bool {
        normalized(a) == normalized(b)
    }

    /// The DN without its first RDN.
    static func parent(of dn: String) -> String? {
        guard let comma = firstUnescaped(",", in: dn) else { return nil }
        return String(dn[dn.index(after: comma)...])
    }

    /// The value of the first RDN's first attribute: `cn=a\,b+ou=x,dc=…` → `a,b`.
    static func firstValue(of dn: String) -> String? {
        let rdnEnd = firstUnescaped(",", in: dn) ?? dn.endIndex
        let rdn = dn[..<rdnEnd]
        let avaEnd = firstUnescaped("+", in: rdn) ?? rdn.endIndex
        let ava = rdn[..<avaEnd]
        guard let eq = ava.firstIndex(of: "=") else { return nil }
        return unescape(ava[ava.index(after: eq)...])
    }

    /// Undoes RFC 4514 §2.4 escaping: `\` followed by a special character or two hex digits.
    static func unescape(_ value: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(value.utf8).makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "\\") else {
                bytes.append(byte)
                continue
            }
            guard let first = iterator.next() else { return nil }
            if let high = hexValue(first) {
                guard let second = iterator.next(), let low = hexValue(second) else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(first)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func firstUnescaped<S: StringProtocol>(_ separator: Character, in text: S) -> S.Index? {
        var escaped = false
        for index in text.indices {
            let character = text[index]
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == separator {
                return index
            }
        }
        return nil
    }

    private static func normalized(_ dn: String) -> String {
        dn.lowercased().replacingOccurrences(of: ", ", with: ",")
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
