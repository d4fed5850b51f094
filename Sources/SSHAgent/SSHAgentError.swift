// SPDX-License-Identifier: Apache-2.0

// The one error type of SSHAgent: a kind that callers compare, plus a message for people.

/// Why talking to ssh-agent failed.
///
/// Compare errors by ``code`` (or with `==`, which compares the code only); the
/// ``description`` is written for end users and says what to do about it.
public struct SSHAgentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; the only part of an error that `==` compares.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case noAgent
            case connectionFailed
            case agentRefused
            case keyNotInAgent
            case protocolError
            case timeout
            case unsupportedAlgorithm
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// There is no agent: `SSH_AUTH_SOCK` is unset, or its socket does not exist.
        public static let noAgent = Code(.noAgent)
        /// The socket exists but connecting to it or talking over it failed.
        public static let connectionFailed = Code(.connectionFailed)
        /// The agent answered `SSH_AGENT_FAILURE` to a request for a key it holds.
        public static let agentRefused = Code(.agentRefused)
        /// The agent does not hold the key asked for.
        public static let keyNotInAgent = Code(.keyNotInAgent)
        /// The agent's reply was malformed or unexpected.
        public static let protocolError = Code(.protocolError)
        /// The agent did not answer in time.
        public static let timeout = Code(.timeout)
        /// The signature algorithm cannot be used with the key's type.
        public static let unsupportedAlgorithm = Code(.unsupportedAlgorithm)

        /// The code's name, e.g. `keyNotInAgent`.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// The message for people; not compared by `==`.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// There is no agent to talk to.
    /// - Parameter message: What is missing and how to start an agent.
    @inline(never)
    public static func noAgent(_ message: String) -> SSHAgentError { SSHAgentError(.noAgent, message) }

    /// Connecting to the agent, or reading and writing its socket, failed.
    /// - Parameter message: The socket path and the underlying error.
    @inline(never)
    public static func connectionFailed(_ message: String) -> SSHAgentError { SSHAgentError(.connectionFailed, message) }

    /// The agent refused to sign with a key it holds.
    /// - Parameter message: Which key, and likely reasons.
    @inline(never)
    public static func agentRefused(_ message: String) -> SSHAgentError { SSHAgentError(.agentRefused, message) }

    /// The agent does not hold the key.
    /// - Parameter message: Which key, and how to add it.
    @inline(never)
    public static func keyNotInAgent(_ message: String) -> SSHAgentError { SSHAgentError(.keyNotInAgent, message) }

    /// The agent's reply did not follow the protocol.
    /// - Parameter message: What was wrong with the reply.
    @inline(never)
    public static func protocolError(_ message: String) -> SSHAgentError { SSHAgentError(.protocolError, message) }

    /// The agent did not answer in time.
    /// - Parameter message: The socket path and the time waited.
    @inline(never)
    public static func timeout(_ message: String) -> SSHAgentError { SSHAgentError(.timeout, message) }

    /// The requested signature algorithm does not fit the key.
    /// - Parameter message: The algorithm and the key type.
    @inline(never)
    public static func unsupportedAlgorithm(_ message: String) -> SSHAgentError { SSHAgentError(.unsupportedAlgorithm, message) }

    /// The message, e.g. "no ssh-agent: SSH_AUTH_SOCK is not set; …".
    public var description: String { message }

    /// Errors are equal when their codes are; messages are ignored.
    public static func == (lhs: SSHAgentError, rhs: SSHAgentError) -> Bool { lhs.code == rhs.code }

    /// Hashes the code only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
