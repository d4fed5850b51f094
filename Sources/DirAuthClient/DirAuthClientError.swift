// SPDX-License-Identifier: Apache-2.0
// The one error type of DirAuthClient: a kind that callers (and the CLI's exit codes) compare,
// plus a message written for the person at the terminal. Messages never contain tokens,
// signatures or seeds.

/// Why a login, a token request or an OTP call failed.
///
/// Compare errors by ``code`` (or with `==`, which compares the code only); ``message``
/// says what is wrong and what to do about it.
public struct DirAuthClientError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; the only part `==` compares.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidArgument
            case noAgent
            case noUsableKey
            case agentFailed
            case unreachable
            case serverError
            case refused
            case rejected
            case notFound
            case invalidResponse
            case serverNameMismatch
            case cacheFailed
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The caller passed something unusable (a URL without host, an unknown scheme, …).
        public static let invalidArgument = Code(.invalidArgument)
        /// There is no ssh-agent to talk to (`SSH_AUTH_SOCK` unset, socket gone).
        public static let noAgent = Code(.noAgent)
        /// The agent holds no key the server accepts for the user.
        public static let noUsableKey = Code(.noUsableKey)
        /// The agent is there but failed (refused to sign, timed out, answered garbage).
        public static let agentFailed = Code(.agentFailed)
        /// The server could not be reached (connection refused, DNS, TLS, timeout).
        public static let unreachable = Code(.unreachable)
        /// The server answered 5xx.
        public static let serverError = Code(.serverError)
        /// The server refused authentication (crtauth 403, OTP 403, 401 after a fresh login).
        public static let refused = Code(.refused)
        /// The server rejected the request as malformed (400, 405, 415, other 4xx).
        public static let rejected = Code(.rejected)
        /// The server has no such entry (404).
        public static let notFound = Code(.notFound)
        /// The server's answer did not follow the protocol (missing `X-CHAP`, undecodable JSON).
        public static let invalidResponse = Code(.invalidResponse)
        /// The challenge names another server than the one contacted (possible man in the middle).
        public static let serverNameMismatch = Code(.serverNameMismatch)
        /// The token cache could not be written.
        public static let cacheFailed = Code(.cacheFailed)

        /// The code's name, e.g. `noUsableKey`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What went wrong, for people; not compared by `==`.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Something the caller passed is unusable.
    /// - Parameter message: What and why.
    @inline(never)
    public static func invalidArgument(_ message: String) -> DirAuthClientError { .init(.invalidArgument, message) }

    /// No ssh-agent.
    /// - Parameter message: What is missing and how to start an agent.
    @inline(never)
    public static func noAgent(_ message: String) -> DirAuthClientError { .init(.noAgent, message) }

    /// The agent holds no key the server accepts.
    /// - Parameter message: The fingerprint the server asked for, the agent's keys, and the hint that the user may be unknown.
    @inline(never)
    public static func noUsableKey(_ message: String) -> DirAuthClientError { .init(.noUsableKey, message) }

    /// The agent failed.
    /// - Parameter message: The agent's complaint.
    @inline(never)
    public static func agentFailed(_ message: String) -> DirAuthClientError { .init(.agentFailed, message) }

    /// The server is unreachable.
    /// - Parameter message: The address and the underlying error.
    @inline(never)
    public static func unreachable(_ message: String) -> DirAuthClientError { .init(.unreachable, message) }

    /// The server answered 5xx.
    /// - Parameter message: The status and the server's short text.
    @inline(never)
    public static func serverError(_ message: String) -> DirAuthClientError { .init(.serverError, message) }

    /// Authentication was refused.
    /// - Parameter message: Which step was refused and the server's text.
    @inline(never)
    public static func refused(_ message: String) -> DirAuthClientError { .init(.refused, message) }

    /// The request was rejected as malformed.
    /// - Parameter message: The status and the server's text.
    @inline(never)
    public static func rejected(_ message: String) -> DirAuthClientError { .init(.rejected, message) }

    /// No such entry.
    /// - Parameter message: What was looked for.
    @inline(never)
    public static func notFound(_ message: String) -> DirAuthClientError { .init(.notFound, message) }

    /// The answer did not follow the protocol.
    /// - Parameter message: What was wrong with it.
    @inline(never)
    public static func invalidResponse(_ message: String) -> DirAuthClientError { .init(.invalidResponse, message) }

    /// The challenge names another server.
    /// - Parameter message: Both names.
    @inline(never)
    public static func serverNameMismatch(_ message: String) -> DirAuthClientError { .init(.serverNameMismatch, message) }

    /// The token cache failed.
    /// - Parameter message: The path and the system error.
    @inline(never)
    public static func cacheFailed(_ message: String) -> DirAuthClientError { .init(.cacheFailed, message) }

    /// The message.
    public var description: String { message }

    /// Errors are equal when their codes are.
    public static func == (lhs: DirAuthClientError, rhs: DirAuthClientError) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
