// SPDX-License-Identifier: Apache-2.0

// Validation of attribute descriptions, which cannot be escaped in filters or requests.

/// Checks attribute descriptions (RFC 4512 §2.5 and §1.4):
/// ```
/// attributedescription = attributetype options
/// attributetype = oid
/// oid = descr / numericoid
/// descr = keystring
/// keystring = leadkeychar *keychar
/// leadkeychar = ALPHA
/// keychar = ALPHA / DIGIT / HYPHEN
/// numericoid = number 1*( DOT number )
/// options = *( SEMI option )
/// option = 1*keychar
/// ```
enum AttributeName {
    /// Whether `name` is an attribute description.
    static func isValidDescription(_ name: String) -> Bool {
        let parts = name.split(separator: ";", omittingEmptySubsequences: false)
        guard let type = parts.first, isValidType(type) else { return false }
        return parts.dropFirst().allSatisfy { option in
            !option.isEmpty && option.utf8.allSatisfy(isKeychar)
        }
    }

    /// Whether `name` may appear in a search's attribute list: a description, or
    /// `*` (all user attributes), `+` (all operational attributes, RFC 3673), `1.1` (none).
    static func isValidRequested(_ name: String) -> Bool {
        name == "*" || name == "+" || isValidDescription(name)
    }

    /// Throws a parameter error unless `name` is an attribute description.
    static func require(_ name: String) throws {
        guard isValidDescription(name) else {
            throw LDAPError(code: .parameterError, diagnostic: "invalid attribute name \(name.debugDescription)")
        }
    }

    private static func isValidType(_ type: Substring) -> Bool {
        let bytes = Array(type.utf8)
        guard let first = bytes.first else { return false }
        if isAlpha(first) {
            return bytes.allSatisfy(isKeychar)
        }
        // numericoid: digits separated by dots, at least two numbers, no leading zeros.
        let numbers = type.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count >= 2 else { return false }
        return numbers.allSatisfy { number in
            let digits = Array(number.utf8)
            guard !digits.isEmpty, digits.allSatisfy(isDigit) else { return false }
            return digits.count == 1 || digits[0] != UInt8(ascii: "0")
        }
    }

    private static func isAlpha(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isKeychar(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte) || byte == UInt8(ascii: "-")
    }
}
