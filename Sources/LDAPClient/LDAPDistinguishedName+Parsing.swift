// SPDX-License-Identifier: Apache-2.0

// Reading RFC 4514 DN strings: undoing value escapes, and finding the first RDN and the parent.

extension LDAPDistinguishedName {
    /// Undoes RFC 4514 §2.4 escaping: `\` followed by a special character or by two hex
    /// digits (one UTF-8 byte), the inverse of ``escapeValue(_:)``.
    ///
    /// RFC 4514 §3:
    ///
    /// > pair = ESC ( ESC / special / hexpair )
    ///
    /// Any other character after `\` is taken literally.
    /// - Parameter value: An attribute value as it appears in a DN string.
    /// - Returns: The raw value, or `nil` when a `\` ends the value, a hex pair is cut short,
    ///   or the unescaped bytes are not UTF-8.
    public static func unescapeValue(_ value: some StringProtocol) -> String? {
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

    /// The DN without its first RDN: `cn=a\,b,ou=x,dc=example` → `ou=x,dc=example`.
    /// - Parameter dn: A DN string.
    /// - Returns: Everything after the first unescaped `,`, or `nil` for a DN of one RDN.
    public static func parent(of dn: String) -> String? {
        guard let comma = firstUnescaped(",", in: dn) else { return nil }
        return String(dn[dn.unicodeScalars.index(after: comma)...])
    }

    /// The value of the first RDN's first attribute, unescaped: `cn=a\,b+ou=x,dc=…` → `a,b`.
    ///
    /// For every attribute of a multi-valued first RDN, parse it with
    /// ``LDAPRelativeDistinguishedName``.
    /// - Parameter dn: A DN string.
    /// - Returns: The value, or `nil` when the first RDN has no `=` or its value does not unescape.
    public static func firstValue(of dn: String) -> String? {
        let rdnEnd = firstUnescaped(",", in: dn) ?? dn.endIndex
        let rdn = dn[..<rdnEnd]
        let avaEnd = firstUnescaped("+", in: rdn) ?? rdn.endIndex
        let ava = rdn[..<avaEnd]
        guard let eq = ava.unicodeScalars.firstIndex(of: "=") else { return nil }
        return unescapeValue(ava[ava.unicodeScalars.index(after: eq)...])
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    // Unicode scalars, not Characters: a combining mark after `=`, `,` or `+` joins it into one
    // Character, which then hid the separator (found by fuzzing, see FuzzRegressionTests).
    private static func firstUnescaped<S: StringProtocol>(_ separator: Unicode.Scalar, in text: S) -> S.Index? {
        var escaped = false
        for index in text.unicodeScalars.indices {
            let character = text.unicodeScalars[index]
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
}
