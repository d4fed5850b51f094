// SPDX-License-Identifier: Apache-2.0

// What the client knows about one configured server, for health checks.

/// The state of one configured directory server.
public struct LDAPServerState: Sendable, Hashable {
    /// The server's URI as configured.
    public var uri: String
    /// `false` from a connection failure until a later connection to it succeeds.
    public var isUp: Bool
    /// The last connection failure, if the server is down.
    public var lastError: String?

    /// Creates a state value.
    /// - Parameters:
    ///   - uri: The server's URI.
    ///   - isUp: Whether it is considered reachable.
    ///   - lastError: Why it is not.
    public init(uri: String, isUp: Bool, lastError: String? = nil) {
        self.uri = uri
        self.isUp = isUp
        self.lastError = lastError
    }
}
