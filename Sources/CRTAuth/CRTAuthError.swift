// SPDX-License-Identifier: Apache-2.0
// Errors of the crtauth protocol core. They compare by kind only; the reason is
// for logs and never contains secrets, signatures or tokens.

/// An error from the crtauth protocol core.
///
/// Equality and hashing consider only ``kind``, so tests and callers can match
/// `CRTAuthError.malformed("")` against any malformed-input error. The ``reason``
/// is a diagnostic for logs; it never contains secrets, tokens or signatures.
///
/// Suggested HTTP mapping (see `PROTOCOL.md`, "HTTP transport"):
/// ``Kind/malformed`` → 400; ``Kind/authenticationFailed``, ``Kind/unsupportedVersion``
/// and ``Kind/challengeReplayed`` → 403; ``Kind/tokenInvalid`` and ``Kind/tokenExpired`` → 401;
/// ``Kind/invalidConfiguration`` → refuse to start; ``Kind/serverNameMismatch`` is client-side only.
public struct CRTAuthError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The class of failure, the only part that takes part in equality.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Code: String, Sendable, Hashable {
            case malformed
            case authenticationFailed
            case unsupportedVersion
            case challengeReplayed
            case tokenInvalid
            case tokenExpired
            case invalidConfiguration
            case serverNameMismatch
        }

        private let code: Code

        private init(_ code: Code) {
            self.code = code
        }

        /// The input cannot be decoded or parsed (bad base64, truncated message, wrong magic).
        public static let malformed = Kind(.malformed)
        /// A well-formed message failed a check: HMAC, time window, server name, unknown user, key or signature.
        public static let authenticationFailed = Kind(.authenticationFailed)
        /// The message uses a protocol version below the server's lowest supported one.
        public static let unsupportedVersion = Kind(.unsupportedVersion)
        /// The challenge in a response has already been redeemed on this instance.
        public static let challengeReplayed = Kind(.challengeReplayed)
        /// A token is undecodable, forged (HMAC), or spans more than 600 seconds.
        public static let tokenInvalid = Kind(.tokenInvalid)
        /// A token is outside its validity window.
        public static let tokenExpired = Kind(.tokenExpired)
        /// The server or client was configured with unusable values.
        public static let invalidConfiguration = Kind(.invalidConfiguration)
        /// Client side: the challenge names another server than the one contacted (possible MITM).
        public static let serverNameMismatch = Kind(.serverNameMismatch)

        /// The kind's name, e.g. `authenticationFailed`.
        public var description: String { code.rawValue }
    }

    /// The class of failure.
    public let kind: Kind
    /// A diagnostic for logs (no secrets).
    public let reason: String

    private init(_ kind: Kind, _ reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// The input cannot be decoded or parsed.
    /// - Parameter reason: a diagnostic for logs.
    @inline(never)
    public static func malformed(_ reason: String) -> CRTAuthError { .init(.malformed, reason) }

    /// A well-formed message failed authentication.
    /// - Parameter reason: a diagnostic for logs.
    @inline(never)
    public static func authenticationFailed(_ reason: String) -> CRTAuthError { .init(.authenticationFailed, reason) }

    /// The protocol version is below the lowest supported one.
    /// - Parameter reason: a diagnostic for logs.
    @inline(never)
    public static func unsupportedVersion(_ reason: String) -> CRTAuthError { .init(.unsupportedVersion, reason) }

    /// The challenge was already redeemed.
    /// - Parameter reason: a diagnostic for logs.
    @inline(never)
    public static func challengeReplayed(_ reason: String) -> CRTAuthError { .init(.challengeReplayed, reason) }

    /// The token is invalid.
    /// - Parameter reason: a diagnostic for logs.
    @inline(never)
    public static func tokenInvalid(_ reason: String) -> CRTAuthError { .init(.tokenInvalid, reason) }

    /// The token is outside its validity window.
    /// - Parameter reason: a diagnostic for logs.
    @inline(never)
    public static func tokenExpired(_ reason: String) -> CRTAuthError { .init(.tokenExpired, reason) }

    /// The configuration is unusable.
    /// - Parameter reason: a diagnostic for logs.
    @inline(never)
    public static func invalidConfiguration(_ reason: String) -> CRTAuthError { .init(.invalidConfiguration, reason) }

    /// Client side: the challenge names another server.
    /// - Parameter reason: a diagnostic for logs.
    @inline(never)
    public static func serverNameMismatch(_ reason: String) -> CRTAuthError { .init(.serverNameMismatch, reason) }

    /// Compares kinds only.
    public static func == (lhs: CRTAuthError, rhs: CRTAuthError) -> Bool { lhs.kind == rhs.kind }

    /// Hashes the kind only.
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    /// `kind: reason`.
    public var description: String { "CRTAuthError.\(kind): \(reason)" }
}
