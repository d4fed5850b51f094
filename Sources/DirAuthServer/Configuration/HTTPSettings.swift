// SPDX-License-Identifier: Apache-2.0

/// The HTTP listener's deadlines and limits (`DIRAUTH_HTTP_*`).
///
/// Every connection is in one phase at a time and each phase but the last has a deadline
/// (``HTTPConnectionDeadlineHandler``): idle (no request started) → reading a head (the first
/// byte of a request arrived) → reading a body (the head is complete) → responding (the
/// request is complete; bounded by the directory's timeouts, not here).
public struct HTTPSettings: Sendable, Hashable {
    /// `DIRAUTH_HTTP_IDLE_TIMEOUT`: how long a connection may stay open with no request
    /// started, after it opened or after its last response.
    public var idleTimeout: Duration = .seconds(75)
    /// `DIRAUTH_HTTP_HEADER_TIMEOUT`: how long a request's head may take, from its first byte.
    public var headerTimeout: Duration = .seconds(10)
    /// `DIRAUTH_HTTP_BODY_TIMEOUT`: how long a request's body may take, from the end of its head.
    /// A total, not an inactivity timeout: a byte now and then does not extend it.
    public var bodyTimeout: Duration = .seconds(30)
    /// `DIRAUTH_HTTP_MAX_CONNECTIONS`: client connections open at once. At the limit, the
    /// listener stops accepting (new clients wait in the kernel's listen queue) and the
    /// connections that wait for a client (idle first, then slow heads, then slow bodies,
    /// oldest first) are closed to make room.
    public var maxConnections: Int = 4096

    /// The settings' defaults.
    public init() {}

    /// Files `dirauthd` keeps open besides client connections (the listener, the LDAP pool,
    /// the change feed, health probes, event loops, standard streams), with a margin.
    public static let reservedFiles = 64
}
