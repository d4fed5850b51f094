// SPDX-License-Identifier: Apache-2.0

// An RFC 4533 content-synchronisation consumer (refreshAndPersist) on its own thread.
internal import CLDAP
import Foundation
public import Logging
import Synchronization

/// Follows a directory's changes through RFC 4533 content synchronisation
/// (refreshAndPersist against slapd's `syncprov`), with libldap's `ldap_sync_*` API.
///
/// `ldap_sync_init` and `ldap_sync_poll` block, so the session runs on a dedicated
/// `Thread`, never on Swift's cooperative pool. The consumer asks for no attributes
/// (`1.1`): it reports DNs, not content. It keeps the synchronisation cookie across
/// reconnects, tries the configured URIs in order, and after a failure waits with
/// capped exponential backoff (``LDAPSyncConfiguration/initialBackoff`` doubling up to
/// ``LDAPSyncConfiguration/maximumBackoff``).
///
/// ```swift
/// let consumer = LDAPSyncConsumer(configuration: ldap, sync: .init(base: "dc=example,dc=org"), logger: logger)
/// consumer.start()
/// for await event in consumer.events { … }      // ends after stop()
/// await consumer.stop()
/// ```
public final class LDAPSyncConsumer: Sendable {
    /// The connection settings (URIs, bind, TLS, timeouts).
    public let configuration: LDAPConfiguration
    /// What is followed and how reconnects are paced.
    public let sync: LDAPSyncConfiguration
    /// The reports, in order. A single reader; it ends after ``stop()``.
    public let events: AsyncStream<LDAPSyncEvent>

    private let continuation: AsyncStream<LDAPSyncEvent>.Continuation
    private let logger: Logger
    private let wakeUp = DispatchSemaphore(value: 0)

    private struct Control {
        var started = false
        var stopRequested = false
        var exited = false
        var exitWaiters: [CheckedContinuation<Void, Never>] = []
        /// The connection in use and the ticket of its blocking call, for ``stop()``.
        var connection: LDAPConnection?
        var ticket: UInt64 = 0
        var state = LDAPSyncState()
    }
    private let control = Mutex(Control())

    /// Creates a consumer; nothing happens before ``start()``.
    /// - Parameters:
    ///   - configuration: How to reach and bind to the servers (the pool settings are ignored).
    ///   - sync: Base, filter and backoff.
    ///   - logger: Receives connect, disconnect and error lines.
    public init(configuration: LDAPConfiguration, sync: LDAPSyncConfiguration, logger: Logger = Logger(label: "LDAPSyncConsumer")) {
        self.configuration = configuration
        self.sync = sync
        self.logger = logger
        (events, continuation) = AsyncStream.makeStream(of: LDAPSyncEvent.self, bufferingPolicy: .unbounded)
    }

    /// The current state.
    public var state: LDAPSyncState { control.withLock { $0.state } }

    /// Starts the session thread; later calls do nothing.
    public func start() {
        let first = control.withLock { control -> Bool in
            guard !control.started, !control.stopRequested else { return false }
            control.started = true
            return true
        }
        guard first else { return }
        let thread = Thread { [self] in
            run()
            finish()
        }
        thread.name = "dirauth-ldap-sync"
        thread.start()
    }

    /// Stops the session (interrupting a blocked libldap call) and waits for the thread to end.
    public func stop() async {
        let (connection, ticket, started) = control.withLock { control in
            control.stopRequested = true
            return (control.connection, control.ticket, control.started)
        }
        connection?.abort(ticket: ticket)
        wakeUp.signal()
        guard started else {
            continuation.finish()
            return
        }
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let resumeNow = control.withLock { control -> Bool in
                if control.exited { return true }
                control.exitWaiters.append(waiter)
                return false
            }
            if resumeNow { waiter.resume() }
        }
    }

    // MARK: The thread

    private var stopRequested: Bool { control.withLock { $0.stopRequested } }

    private func finish() {
        continuation.finish()
        let waiters = control.withLock { control -> [CheckedContinuation<Void, Never>] in
            control.exited = true
            control.state.isConnected = false
            defer { control.exitWaiters = [] }
            return control.exitWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func emit(_ event: LDAPSyncEvent) {
        if case .changed = event {
            control.withLock {
                $0.state.lastEventAt = Date()
                $0.state.changes += 1
            }
        }
        continuation.yield(event)
    }

    private func run() {
        LibraryInitialization.ensure()
        guard let ls = ldap_sync_initialize(nil) else {
            logger.error("cannot allocate an ldap_sync session")
            return
        }
        let context = SyncSessionContext { [weak self] event in self?.emit(event) }
        let contextPointer = Unmanaged.passRetained(context)
        let base = strdup(sync.base)
        let filter = strdup(sync.filter)
        let attributes = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: 2)
        attributes[0] = strdup("1.1")
        attributes[1] = nil
        defer {
            // ldap_sync_destroy frees base, filter and attributes with ldap_memfree and
            // unbinds ls_ld: hand it only what libldap allocated (the cookie).
            ls.pointee.ls_base = nil
            ls.pointee.ls_filter = nil
            ls.pointee.ls_attrs = nil
            ls.pointee.ls_ld = nil
            ldap_sync_destroy(ls, 1)
            free(base)
            free(filter)
            free(attributes[0])
            attributes.deallocate()
            contextPointer.release()
        }
        ls.pointee.ls_base = base
        ls.pointee.ls_scope = cldap_scope_subtree()
        ls.pointee.ls_filter = filter
        ls.pointee.ls_attrs = attributes
        // ldap_sync_poll waits at most this many seconds, then the loop looks at stop().
        ls.pointee.ls_timeout = 1
        ls.pointee.ls_private = contextPointer.toOpaque()
        ls.pointee.ls_search_entry = { ls, message, _, _ in
            SyncSessionContext.from(ls)?.handleChain(message)
            return LDAP_SUCCESS
        }
        ls.pointee.ls_search_reference = { _, _ in LDAP_SUCCESS }
        ls.pointee.ls_intermediate = { ls, message, ids, phase in
            guard let context = SyncSessionContext.from(ls) else { return LDAP_SUCCESS }
            if phase == LDAP_SYNC_CAPI_DELETES_IDSET { context.handleDeletedIDs(ids) }
            context.handleChain(message)
            return LDAP_SUCCESS
        }
        ls.pointee.ls_search_result = { ls, message, _ in
            guard let context = SyncSessionContext.from(ls), let message, let handle = context.handle else { return LDAP_SUCCESS }
            context.searchEnded = true
            var code: Int32 = 0
            _ = ldap_parse_result(handle, message, &code, nil, nil, nil, nil, 0)
            context.searchResultCode = code
            return LDAP_SUCCESS
        }

        var failures = 0
        while !stopRequested {
            var established = false
            for (index, uri) in configuration.uris.enumerated() where !stopRequested {
                var outcome = session(ls: ls, context: context, uri: uri, index: index)
                if outcome == .cookieRefused, !stopRequested {
                    // The server no longer knows the session (e.g. it restarted after a crash):
                    // start again at once with a full refresh instead of waiting for a write.
                    outcome = session(ls: ls, context: context, uri: uri, index: index)
                }
                let worked = outcome == .established
                established = established || worked
                if worked || stopRequested { break }
            }
            if stopRequested { break }
            failures = established ? 0 : failures + 1
            let delay = backoff(after: failures)
            _ = wakeUp.wait(timeout: .now() + .nanoseconds(Int(delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000)))
        }
    }

    /// The wait after `failures` consecutive failed rounds (0 after a session that worked).
    private func backoff(after failures: Int) -> Duration {
        guard failures > 0 else { return sync.initialBackoff }
        var delay = sync.initialBackoff
        for _ in 1..<min(failures, 32) where delay < sync.maximumBackoff {
            delay *= 2
        }
        return min(delay, sync.maximumBackoff)
    }

    /// Whether `rc` (from `ldap_sync_init` or `ldap_sync_poll`) means the search is over:
    /// -1 is a lost connection; a positive code other than `LDAP_OTHER` is the error result
    /// of the search (libldap calls back only for success and e-syncRefreshRequired).
    /// `LDAP_OTHER` and other negative codes come from libldap parsing a chained response
    /// with the wrong message (see ``SyncSessionContext``): the search goes on.
    private static func searchIsOver(_ rc: Int32, _ context: SyncSessionContext) -> Bool {
        context.searchEnded || rc == -1 || (rc > 0 && rc != LDAP_OTHER)
    }

    /// How a session ended.
    private enum SessionOutcome {
        /// The refresh phase completed (whatever ended the session later).
        case established
        /// No session: the server could not be reached or refused the search.
        case failed
        /// The server refused to resume from the cookie; it has been forgotten.
        case cookieRefused
    }

    /// One connection: connect and bind, refresh, then persist until the connection or the
    /// search ends or ``stop()`` is called.
    private func session(ls: UnsafeMutablePointer<ldap_sync_t>, context: SyncSessionContext, uri: String, index: Int) -> SessionOutcome {
        let connection: LDAPConnection
        do {
            connection = try LDAPConnection(uri: uri, serverIndex: index, configuration: configuration)
            let ticket = connection.beginOperation()
            control.withLock {
                $0.connection = connection
                $0.ticket = ticket
            }
            if stopRequested { connection.abort(ticket: ticket) }
            try connection.open()
        } catch {
            record(error: "\(error)", uri: uri)
            return .failed
        }
        defer {
            control.withLock {
                $0.connection = nil
                $0.state.isConnected = false
            }
            ls.pointee.ls_ld = nil
            context.handle = nil
            connection.close(abortFirst: false)
        }
        ls.pointee.ls_ld = connection.handle
        context.handle = connection.handle
        context.searchEnded = false
        context.searchResultCode = 0
        context.lastHead = nil
        context.inRefresh = true

        // RFC 4533 §3.3: the refresh phase, resumed from the cookie when one is held.
        let initResult = ldap_sync_init(ls, LDAP_SYNC_REFRESH_AND_PERSIST)
        context.inRefresh = false
        if stopRequested { return .failed }
        if Self.searchIsOver(initResult, context) {
            return endSearch(ls: ls, context: context, code: initResult, uri: uri) ? .cookieRefused : .failed
        }
        if initResult != LDAP_SUCCESS {
            // A chained response libldap could not parse; the search itself goes on.
            logger.debug("ldap_sync_init returned \(initResult); continuing", metadata: ["uri": "\(uri)"])
        }
        control.withLock {
            $0.state.isConnected = true
            $0.state.uri = uri
            $0.state.connectedSince = Date()
            $0.state.lastError = nil
            $0.state.sessions += 1
            $0.state.hasCookie = ls.pointee.ls_cookie.bv_val != nil
        }
        logger.info("directory change feed connected", metadata: ["uri": "\(uri)"])
        emit(.synchronized(uri: uri))

        // RFC 4533 §3.4: the persist phase.
        while !stopRequested {
            context.lastHead = nil
            let rc = ldap_sync_poll(ls)
            control.withLock { $0.state.hasCookie = ls.pointee.ls_cookie.bv_val != nil }
            if Self.searchIsOver(rc, context) {
                if !stopRequested { _ = endSearch(ls: ls, context: context, code: rc, uri: uri) }
                return .established
            }
            if rc != LDAP_SUCCESS {
                // Part of a chain could not be parsed by libldap: play safe.
                emit(.unknownChanges)
            }
        }
        return .established
    }

    /// Records why a session ended. Forgets the cookie when the server asks for a full refresh
    /// (RFC 4533 §3.2, e-syncRefreshRequired) or refuses the search while a cookie is held (a
    /// provider that crashed and restarted answers a cookie it no longer knows with
    /// "unwilling to perform"): the next session then starts with a full refresh.
    /// - Returns: Whether a cookie was forgotten because the server refused it.
    private func endSearch(ls: UnsafeMutablePointer<ldap_sync_t>, context: SyncSessionContext, code: Int32, uri: String) -> Bool {
        let reason: String
        let refusal: Int32?
        if context.searchEnded {
            let result = context.searchResultCode
            reason = "sync search ended: \(String(cString: ldap_err2string(result))) (\(result))"
            refusal = result == LDAP_SUCCESS ? nil : result
        } else if code > 0 {
            reason = "sync search refused: \(String(cString: ldap_err2string(code))) (\(code))"
            refusal = code
        } else {
            reason = "connection lost: \(String(cString: ldap_err2string(code)))"
            refusal = nil
        }
        var forgotten = false
        if refusal != nil, let cookie = ls.pointee.ls_cookie.bv_val {
            ber_memfree(cookie)
            ls.pointee.ls_cookie = berval(bv_len: 0, bv_val: nil)
            control.withLock { $0.state.hasCookie = false }
            forgotten = true
        }
        record(error: reason, uri: uri)
        emit(.disconnected(reason: reason))
        return forgotten
    }

    private func record(error: String, uri: String) {
        logger.warning("directory change feed unavailable; caches fall back to their TTLs", metadata: ["uri": "\(uri)", "error": "\(error)"])
        control.withLock {
            $0.state.isConnected = false
            $0.state.lastError = error
            $0.state.uri = uri
        }
    }
}
