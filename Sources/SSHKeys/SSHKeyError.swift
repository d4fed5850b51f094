// SPDX-License-Identifier: Apache-2.0

// The one error type of SSHKeys: a kind that callers compare, plus a diagnostic for people.

/// Why an SSH public key, key line or signature blob could not be used.
///
/// Compare errors by ``code`` (or with `==`, which compares the code only); the
/// ``description`` carries the diagnostic meant for logs and end users.
///
/// ```swift
/// #expect(throws: SSHKeyError.rsaKeyTooSmall("")) { try SSHPublicKey(openSSHLine: line) }
/// ```
public struct SSHKeyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; the only part of an error that `==` compares.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case malformed
            case unsupportedKeyType
            case rsaKeyTooSmall
            case unsupportedSignatureAlgorithm
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The input is not a well-formed key line, key blob or signature blob.
        public static let malformed = Code(.malformed)
        /// The key type is well-formed but not one of ``SSHKeyType``.
        public static let unsupportedKeyType = Code(.unsupportedKeyType)
        /// An RSA key's modulus has fewer than 2048 bits.
        public static let rsaKeyTooSmall = Code(.rsaKeyTooSmall)
        /// A signature's algorithm is unknown or not allowed for the key's type.
        public static let unsupportedSignatureAlgorithm = Code(.unsupportedSignatureAlgorithm)

        /// The code's name, e.g. `rsaKeyTooSmall`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What exactly went wrong, for people; not compared by `==`.
    public let diagnostic: String

    private init(_ code: Code, _ diagnostic: String) {
        self.code = code
        self.diagnostic = diagnostic
    }

    /// The input is not a well-formed key line, key blob or signature blob.
    /// - Parameter diagnostic: What was wrong, e.g. `"key blob truncated in the modulus"`.
    @inline(never)
    public static func malformed(_ diagnostic: String) -> SSHKeyError {
        SSHKeyError(.malformed, diagnostic)
    }

    /// The key type is not supported.
    /// - Parameter diagnostic: Should name the type, e.g. `"unsupported key type ssh-dss"`.
    @inline(never)
    public static func unsupportedKeyType(_ diagnostic: String) -> SSHKeyError {
        SSHKeyError(.unsupportedKeyType, diagnostic)
    }

    /// An RSA key is shorter than 2048 bits.
    /// - Parameter diagnostic: Should name the bit count.
    @inline(never)
    public static func rsaKeyTooSmall(_ diagnostic: String) -> SSHKeyError {
        SSHKeyError(.rsaKeyTooSmall, diagnostic)
    }

    /// A signature algorithm is unknown or not allowed for the key.
    /// - Parameter diagnostic: Should name the algorithm and the key type.
    @inline(never)
    public static func unsupportedSignatureAlgorithm(_ diagnostic: String) -> SSHKeyError {
        SSHKeyError(.unsupportedSignatureAlgorithm, diagnostic)
    }

    /// The diagnostic, e.g. `"RSA key has 1024 bits; at least 2048 are required"`.
    public var description: String { diagnostic }

    /// Errors are equal when their codes are; diagnostics are ignored.
    public static func == (lhs: SSHKeyError, rhs: SSHKeyError) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
