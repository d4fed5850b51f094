// SPDX-License-Identifier: Apache-2.0

/// The rules for OTP names and realms (ungleich-otp: `CharField(max_length=128)`).
public enum OTPEntryName {
    /// The longest name or realm, in characters (upstream's limit).
    public static let maximumLength = 128

    /// What can make a name or realm unusable.
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        /// Empty after trimming.
        case blank
        /// Longer than ``OTPEntryName/maximumLength`` characters.
        case tooLong(maximum: Int)
        /// Holds C0 or C1 control characters.
        case controlCharacters

        /// The rule that was broken, for diagnostics.
        public var description: String {
            switch self {
            case .blank: "may not be blank"
            case .tooLong(let maximum): "has more than \(maximum) characters"
            case .controlCharacters: "holds control characters"
            }
        }
    }

    /// Why a name or realm cannot be used, or `nil` when it can.
    ///
    /// Allowed: 1–128 characters (after trimming surrounding whitespace, as DRF did), any
    /// Unicode except control characters. LDAP-special characters (`*`, `(`, `)`, `\`,
    /// `,`, `+`, `=`, …) are allowed: they are escaped for DNs (RFC 4514) and filters (RFC 4515).
    /// - Parameter value: The trimmed value.
    /// - Returns: The first rule the value breaks.
    public static func problem(with value: String) -> Problem? {
        if value.isEmpty { return .blank }
        if value.count > maximumLength { return .tooLong(maximum: maximumLength) }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            return .controlCharacters
        }
        return nil
    }

    /// Throws when ``problem(with:)`` finds one.
    /// - Parameters:
    ///   - value: The value.
    ///   - field: `name` or `realm`, for the diagnostic.
    /// - Throws: ``DirectoryError`` `.invalidInput`.
    public static func validate(_ value: String, field: String) throws {
        if let problem = problem(with: value) {
            throw DirectoryError.invalidInput("\(field): \(problem)")
        }
    }
}
