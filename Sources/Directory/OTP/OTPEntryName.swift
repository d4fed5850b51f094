/// The rules for OTP names and realms (ungleich-otp: `CharField(max_length=128)`).
public enum OTPEntryName {
    /// The longest name or realm, in characters (upstream's limit).
    public static let maximumLength = 128

    /// Why a name or realm cannot be used, or `nil` when it can.
    ///
    /// Allowed: 1–128 characters (after trimming surrounding whitespace, as DRF did), any
    /// Unicode except control characters. LDAP-special characters (`*`, `(`, `)`, `\`,
    /// `,`, `+`, `=`, …) are allowed: they are escaped for DNs (RFC 4514) and filters (RFC 4515).
    /// - Parameter value: The trimmed value.
    /// - Returns: A DRF-style message, e.g. `Ensure this field has no more than 128 characters.`
    public static func problem(with value: String) -> String? {
        if value.isEmpty { return "This field may not be blank." }
        if value.count > maximumLength { return "Ensure this field has no more than \(maximumLength) characters." }
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            return "Control characters are not allowed."
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
