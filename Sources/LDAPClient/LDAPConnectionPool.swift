// SPDX-License-Identifier: Apache-2.0

// The public face of the library: an async LDAP client with a connection pool.
public import Logging

/// An async LDAP client over libldap with a pool of connections and server failover.
///
/// ## How Swift's cooperative thread pool is protected
/// libldap is a blocking C library. No libldap call ever runs on a Swift
/// concurrency thread: every call that can touch the network (connect, TLS
/// handshake, StartTLS, bind, search, compare, add, modify, delete, who-am-I,
/// unbind) runs on the client's own `NIOThreadPool` (`poolSize + 1` threads) through
/// `runIfActive`, and the async caller merely suspends until the thread finishes.
/// Only option setting and `ldap_initialize` (no I/O) run inline.
///
/// ## How timeouts are enforced
/// The blocking calls are libldap's synchronous `_s`/`_ext_s` functions. Each is
/// bounded three ways:
/// 1. `LDAP_OPT_NETWORK_TIMEOUT` = ``LDAPConfiguration/connectTimeout`` bounds the TCP connect;
/// 2. `LDAP_OPT_TIMEOUT` = ``LDAPConfiguration/operationTimeout`` bounds every wait for
///    a result (bind, StartTLS, compare, add, modify, delete, who-am-I), and searches
///    pass the same timeout as their own argument;
/// 3. a watchdog task per call: if the call is still running at its budget plus
///    500 ms, it `shutdown(2)`s the connection's socket (captured through
///    `LDAP_OPT_CONNECT_CB`), which makes the blocked call fail at once. This covers
///    paths libldap leaves unbounded; the TLS handshake of `ldaps://` against a
///    stopped server, for one, never times out on its own.
/// A connection whose call timed out or failed at the transport level is unbound
/// and discarded, never returned to the pool, and its server is marked down.
///
/// ## Servers
/// ``LDAPConfiguration/uris`` are tried in order when a connection is opened. A
/// server that fails to connect (or times out) is marked down and skipped for
/// ``LDAPConfiguration/downRetryInterval``, unless every server is down; after that
/// it is tried again, and pooled connections to a less preferred server are
/// replaced. Requests already sent are not resent to another server, except reads
/// on a pooled connection found broken (`serverDown`), which are retried once on a
/// fresh connection. ``serverStates`` exposes the marks for health checks.
public final class LDAPConnectionPool: Sendable {
    private let leaser: ConnectionLeaser
    private let logger: Logger

    /// The configuration in use (pool size at least 1).
    public var configuration: LDAPConfiguration { leaser.configuration }

    /// Creates a client; no connection is opened until the first operation.
    /// - Parameters:
    ///   - configuration: Servers, bind identity, TLS, timeouts and pool size.
    ///   - logger: Receives server up/down events (never passwords or values).
    public init(configuration: LDAPConfiguration, logger: Logger = Logger(label: "LDAPClient")) {
        self.logger = logger
        self.leaser = ConnectionLeaser(configuration: configuration, logger: logger)
    }

    // MARK: Reads

    /// Searches the directory (RFC 4511 §4.5).
    /// - Parameters:
    ///   - base: The DN to search from.
    ///   - scope: How far below `base` to look.
    ///   - filter: The filter; its values are escaped, its attribute names validated.
    ///   - attributes: Attributes to return; empty for all user attributes.
    ///   - sizeLimit: At most this many entries (0: the server's limit). When the
    ///     limit is reached, the entries received so far are returned.
    /// - Returns: The matching entries, values as bytes.
    /// - Throws: ``LDAPError`` (e.g. ``LDAPError/noSuchObject`` for a missing base,
    ///   ``LDAPError/filterError`` for a bad attribute name, ``LDAPError/timeout``).
    public func search(
        base: String,
        scope: LDAPSearchScope = .subtree,
        filter: LDAPFilter = .present("objectClass"),
        attributes: [String] = [],
        sizeLimit: Int = 0
    ) async throws -> [LDAPEntry] {
        try filter.validate()
        try Self.validateRequested(attributes)
        let filterText = filter.rfc4515
        let limit = max(0, sizeLimit)
        return try await leaser.withConnection(retryStale: true) { connection in
            try await leaser.blocking(connection) { connection in
                try connection.search(
                    base: base, scope: scope, filter: filterText, attributes: attributes,
                    sizeLimit: limit, allowPartial: limit > 0
                ).entries
            }
        }
    }

    /// Searches with RFC 2696 paged results, collecting every page, for listings
    /// larger than the server's size limit. All pages use one connection; each page
    /// has its own ``LDAPConfiguration/operationTimeout``.
    /// - Parameters:
    ///   - base: The DN to search from.
    ///   - scope: How far below `base` to look.
    ///   - filter: The filter.
    ///   - attributes: Attributes to return; empty for all user attributes.
    ///   - pageSize: Entries per page (at least 1).
    /// - Returns: All matching entries.
    /// - Throws: ``LDAPError``.
    public func searchAll(
        base: String,
        scope: LDAPSearchScope = .subtree,
        filter: LDAPFilter,
        attributes: [String] = [],
        pageSize: Int = 500
    ) async throws -> [LDAPEntry] {
        try filter.validate()
        try Self.validateRequested(attributes)
        let filterText = filter.rfc4515
        let size = max(1, pageSize)
        return try await leaser.withConnection(retryStale: true) { connection in
            var all: [LDAPEntry] = []
            var cookie: [UInt8] = []
            repeat {
                let current = cookie
                let page = try await leaser.blocking(connection) { connection in
                    try connection.search(
                        base: base, scope: scope, filter: filterText, attributes: attributes,
                        sizeLimit: 0, pageSize: size, cookie: current, allowPartial: false)
                }
                all.append(contentsOf: page.entries)
                cookie = page.cookie
            } while !cookie.isEmpty
            return all
        }
    }

    /// Compares an attribute value (RFC 4511 §4.10).
    /// - Parameters:
    ///   - dn: The entry.
    ///   - attribute: The attribute description.
    ///   - value: The value to compare, as bytes.
    /// - Returns: Whether the entry holds the value.
    /// - Throws: ``LDAPError`` (``LDAPError/noSuchObject``, ``LDAPError/noSuchAttribute``
    ///   when the entry lacks the attribute, …).
    public func compare(dn: String, attribute: String, value: [UInt8]) async throws -> Bool {
        try AttributeName.require(attribute)
        return try await leaser.withConnection(retryStale: true) { connection in
            try await leaser.blocking(connection) { try $0.compare(dn: dn, attribute: attribute, value: value) }
        }
    }

    /// Asks the server who this client's connections are bound as (RFC 4532).
    /// - Returns: The authorization identity, e.g. `dn:cn=dirauthd,ou=services,…`,
    ///   or `""` for an anonymous connection.
    /// - Throws: ``LDAPError``.
    public func whoAmI() async throws -> String {
        try await leaser.withConnection(retryStale: true) { connection in
            try await leaser.blocking(connection) { try $0.whoAmI() }
        }
    }

    // MARK: Writes

    /// Adds an entry (RFC 4511 §4.7).
    /// - Parameters:
    ///   - dn: The new entry's DN (build it with ``LDAPDistinguishedName``).
    ///   - attributes: All attributes including `objectClass`, values as bytes.
    /// - Throws: ``LDAPError`` (``LDAPError/alreadyExists``, ``LDAPError/objectClassViolation``, …).
    public func add(dn: String, attributes: [String: [[UInt8]]]) async throws {
        for name in attributes.keys { try AttributeName.require(name) }
        let list = attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        try await leaser.withConnection { connection in
            try await leaser.blocking(connection) { try $0.add(dn: dn, attributes: list) }
        }
    }

    /// Modifies an entry (RFC 4511 §4.6); the changes apply atomically, all or none.
    ///
    /// For a compare-and-swap pass ``LDAPModification/compareAndSwap(_:old:new:)``:
    /// when the stored value is no longer `old` this throws ``LDAPError/noSuchAttribute``.
    /// - Parameters:
    ///   - dn: The entry.
    ///   - changes: The changes, in order.
    /// - Throws: ``LDAPError``.
    public func modify(dn: String, changes: [LDAPModification]) async throws {
        for change in changes { try AttributeName.require(change.attribute) }
        guard !changes.isEmpty else {
            throw LDAPError(code: .parameterError, diagnostic: "modify of \(dn) without changes")
        }
        try await leaser.withConnection { connection in
            try await leaser.blocking(connection) { try $0.modify(dn: dn, changes: changes) }
        }
    }

    /// Renames or moves an entry (Modify DN, RFC 4511 §4.9), atomically.
    /// - Parameters:
    ///   - dn: The entry.
    ///   - newRDN: The new relative DN, built with ``LDAPDistinguishedName/rdn(_:)``.
    ///   - deleteOldRDN: Remove the old RDN's values from the entry (default `true`).
    ///   - newSuperior: A new parent DN, or `nil` to stay under the current one.
    /// - Throws: ``LDAPError`` (``LDAPError/noSuchObject``, ``LDAPError/alreadyExists``, …).
    public func rename(dn: String, newRDN: String, deleteOldRDN: Bool = true, newSuperior: String? = nil) async throws {
        try await leaser.withConnection { connection in
            try await leaser.blocking(connection) {
                try $0.rename(dn: dn, newRDN: newRDN, deleteOldRDN: deleteOldRDN, newSuperior: newSuperior)
            }
        }
    }

    /// Deletes a leaf entry (RFC 4511 §4.8).
    /// - Parameter dn: The entry.
    /// - Throws: ``LDAPError`` (``LDAPError/noSuchObject``, notAllowedOnNonLeaf, …).
    public func delete(dn: String) async throws {
        try await leaser.withConnection { connection in
            try await leaser.blocking(connection) { try $0.delete(dn: dn) }
        }
    }

    // MARK: Health and lifecycle

    /// The state of every configured server, in configuration order.
    public var serverStates: [LDAPServerState] { leaser.serverStates }

    /// Tries to reconnect to every server marked down whose retry interval has
    /// passed, then returns the states. For readiness checks that should notice a
    /// recovered server without waiting for traffic.
    /// - Returns: The updated server states.
    public func checkServers() async -> [LDAPServerState] {
        await leaser.probe()
        return leaser.serverStates
    }

    /// Unbinds every connection and stops the client's threads. Operations started
    /// afterwards fail with ``LDAPError/localError``.
    public func shutdown() async {
        await leaser.shutdown()
    }

    private static func validateRequested(_ attributes: [String]) throws {
        for name in attributes where !AttributeName.isValidRequested(name) {
            throw LDAPError(code: .parameterError, diagnostic: "invalid attribute name \(name.debugDescription)")
        }
    }
}
