// SPDX-License-Identifier: Apache-2.0
// Errors of token verification. Messages never contain tokens or seeds.

import Hummingbird

/// Why a token could not be verified.
public struct DirAuthMiddlewareError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; the only part `==` compares.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case rejected
            case unavailable
            case invalidConfiguration
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The token is missing, malformed, forged or expired (→ 401).
        public static let rejected = Code(.rejected)
        /// The verifier could not answer: dirauthd unreachable, 5xx, or it refused this service's
        /// own credential (→ 503).
        public static let unavailable = Code(.unavailable)
        /// The middleware was set up with unusable values.
        public static let invalidConfiguration = Code(.invalidConfiguration)

        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// A diagnostic for logs.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The token is not valid.
    /// - Parameter message: Why, for logs.
    @inline(never)
    public static func rejected(_ message: String) -> DirAuthMiddlewareError { .init(.rejected, message) }

    /// The verifier is unavailable.
    /// - Parameter message: Why, for logs.
    @inline(never)
    public static func unavailable(_ message: String) -> DirAuthMiddlewareError { .init(.unavailable, message) }

    /// The configuration is unusable.
    /// - Parameter message: What is wrong.
    @inline(never)
    public static func invalidConfiguration(_ message: String) -> DirAuthMiddlewareError { .init(.invalidConfiguration, message) }

    /// The message.
    public var description: String { message }

    /// Compares codes only.
    public static func == (lhs: DirAuthMiddlewareError, rhs: DirAuthMiddlewareError) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }

    /// 401 with `WWW-Authenticate: crtauth`, as dirauthd answers on protected routes.
    static var unauthorizedResponse: HTTPError {
        HTTPError(.unauthorized, headers: [.wwwAuthenticate: "crtauth"], message: "Unauthorized")
    }
}
