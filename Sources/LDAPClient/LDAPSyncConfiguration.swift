// SPDX-License-Identifier: Apache-2.0

/// What an ``LDAPSyncConsumer`` follows and how it reconnects.
public struct LDAPSyncConfiguration: Sendable, Hashable {
    /// The search base (usually the directory suffix).
    public var base: String
    /// The search filter (RFC 4515 string) that limits the entries followed.
    public var filter: String
    /// The first wait before reconnecting; doubled after every failed attempt.
    public var initialBackoff: Duration
    /// The longest wait between attempts.
    public var maximumBackoff: Duration

    /// Creates a configuration.
    /// - Parameters:
    ///   - base: The search base.
    ///   - filter: The filter (default: every entry).
    ///   - initialBackoff: First reconnect wait (default 0.25 s).
    ///   - maximumBackoff: Cap of the reconnect wait (default 1 s: an attempt on a server that is down
    ///     costs a refused TCP connect, and a returning server is followed again within a second).
    public init(base: String, filter: String = "(objectClass=*)", initialBackoff: Duration = .milliseconds(250), maximumBackoff: Duration = .seconds(1)) {
        self.base = base
        self.filter = filter
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }

    /// A filter that matches the entries at or below any of `bases` (OpenLDAP's
    /// `entryDN:dnSubtreeMatch:`), so a session follows only those subtrees.
    /// - Parameter bases: The subtrees.
    /// - Returns: An RFC 4515 filter string.
    public static func subtreeFilter(_ bases: [String]) -> String {
        let parts = bases.map { "(entryDN:dnSubtreeMatch:=\(LDAPFilter.escape($0)))" }
        return parts.count == 1 ? parts[0] : "(|\(parts.joined()))"
    }
}
