// SPDX-License-Identifier: Apache-2.0
// Errors of token verification. Messages never contain tokens or seeds.

public import Hummingbird
import NIOCore

/// Why a token could not be verified; it answers as HTTP itself: `rejected` is 401 with
/// `WWW-Authenticate: crtauth`, `unavailable` is 503 (a dirauthd edge may answer it in its own style).
public struct DirAuthMiddlewareError: Error, Sendable, Hashable, CustomStringConvertible, HTTPResponseError {
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

    /// 401 `Unauthorized` with `WWW-Authenticate: crtauth` for a rejected token, as dirauthd answers on
    /// protected routes; 503 when the verifier could not answer; 500 for a configuration error.
    public var status: HTTPResponse.Status {
        switch code {
        case .rejected: .unauthorized
        case .unavailable: .serviceUnavailable
        default: .internalServerError
        }
    }

    /// The answer: plain text, never the diagnostic (which may name the verifier's URL).
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        let text: String
        switch code {
        case .rejected:
            headers[.wwwAuthenticate] = "crtauth"
            text = "Unauthorized"
        case .unavailable: text = "Authentication is unavailable; try again shortly."
        default: text = "Internal Server Error"
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
