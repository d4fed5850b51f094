// SPDX-License-Identifier: Apache-2.0

/// An error from the OTP module: a malformed secret, parameter or URI input.
///
/// Errors compare by kind only; ``diagnostic`` carries context for people and is never
/// compared. A diagnostic never contains secret material.
public struct OTPError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case invalidBase32
        case emptySecret
        case invalidParameters
    }

    private let code: Code

    /// Human-readable context for logs and error messages (no secrets).
    public let diagnostic: String

    private init(_ code: Code, _ diagnostic: String) {
        self.code = code
        self.diagnostic = diagnostic
    }

    /// The text is not RFC 4648 base32 as pyotp accepts it.
    ///
    /// - Parameters:
    ///   - diagnostic: What was wrong (a position or character class, never the secret).
    public static func invalidBase32(_ diagnostic: String = "") -> OTPError { .init(.invalidBase32, diagnostic) }

    /// The secret decodes to zero bytes.
    ///
    /// - Parameters:
    ///   - diagnostic: Context for the reader.
    public static func emptySecret(_ diagnostic: String = "") -> OTPError { .init(.emptySecret, diagnostic) }

    /// TOTP parameters outside the supported ranges (digits 6–8, period ≥ 1 s, T0 ≥ 0).
    ///
    /// - Parameters:
    ///   - diagnostic: Which parameter and why.
    public static func invalidParameters(_ diagnostic: String = "") -> OTPError { .init(.invalidParameters, diagnostic) }

    /// The kind, followed by the diagnostic when there is one.
    public var description: String {
        let kind: String
        switch code {
        case .invalidBase32: kind = "invalid base32 secret"
        case .emptySecret: kind = "empty secret"
        case .invalidParameters: kind = "invalid TOTP parameters"
        }
        return diagnostic.isEmpty ? "OTPError: \(kind)" : "OTPError: \(kind): \(diagnostic)"
    }

    /// Compares the kind only, not the diagnostic.
    ///
    /// - Parameters:
    ///   - lhs: One error.
    ///   - rhs: The other error.
    public static func == (lhs: OTPError, rhs: OTPError) -> Bool { lhs.code == rhs.code }

    /// Hashes the kind only, consistently with ``==(_:_:)``.
    ///
    /// - Parameters:
    ///   - hasher: The hasher to feed.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
