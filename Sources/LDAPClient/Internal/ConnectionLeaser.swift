// SPDX-License-Identifier: Apache-2.0

// The pool of LDAP connections, the server list with its down marks, and the
// bridge from async Swift to the dedicated threads that run libldap.
import Logging
import NIOPosix
import Synchronization

/// Leases connections to one operation at a time and runs their blocking calls on
/// a dedicated `NIOThreadPool`, each guarded by a watchdog.
final class ConnectionLeaser: Sendable {
    let configuration: LDAPConfiguration
    let logger: Logger
    private let threads: NIOThreadPool
    let clock = ContinuousClock()
    /// How long after a call's own timeout the watchdog shuts its socket down.
    static let watchdogGrace: Duration = .milliseconds(500)

    struct Server {
        var uri: String
        var isUp = true
        var lastError: String?
        var retryAt: ContinuousClock.Instant?
    }

    struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    struct State {
        var idle: [LDAPConnection] = []
        /// Connections handed out, or being opened for a lease.
        var leased = 0
        var waiters: [Waiter] = []
        var nextWaiterID: UInt64 = 0
        var servers: [Server]
        var isShutDown = false
    }

    let state: Mutex<State>

    init(configuration: LDAPConfiguration, logger: Logger) {
        var configuration = configuration
        configuration.poolSize = max(1, configuration.poolSize)
        self.configuration = configuration
        self.logger = logger
        self.state = Mutex(State(servers: configuration.uris.map { Server(uri: $0) }))
        // One thread per connection, plus one for probes and closes: a leased
        // connection never waits for a thread.
        self.threads = NIOThreadPool(numberOfThreads: configuration.poolSize + 1)
        self.threads.start()
    }

    // MARK: Leasing

    private enum Grant {
        case reuse(LDAPConnection)
        case open
        case wait
    }

    /// Runs `body` with a leased connection. Connection failures mark the server
    /// down and discard the connection; other errors return it to the pool.
    ///
    /// - Parameter retryStale: For requests that are safe to repeat (reads): when a
    ///   connection taken from the pool turns out to be broken (`serverDown`, e.g.
    ///   after a server restart), drop the idle connections to that server and run
    ///   `body` once more on a fresh connection before declaring the server down.
    func withConnection<T: Sendable>(
        retryStale: Bool = false, _ body: (LDAPConnection) async throws -> T
    ) async throws -> T {
        // Waiting for a pooled connection counts against the operation timeout: no request queues
        // longer behind others (a connection being opened, and the call, have their own timeouts).
        let deadline = clock.now.advanced(by: configuration.operationTimeout)
        var mayRetry = retryStale
        while true {
            let (connection, reused) = try await acquire(deadline: deadline)
            do {
                let value = try await body(connection)
                release(connection, reusable: true)
                markUp(connection.serverIndex)
                return value
            } catch let error as LDAPError {
                let located = error.at(connection.uri)
                guard located.isConnectionFailure else {
                    release(connection, reusable: true)
                    throw located
                }
                release(connection, reusable: false)
                if mayRetry, reused, located.code == .serverDown {
                    mayRetry = false
                    dropIdle(serverIndex: connection.serverIndex)
                    logger.debug("pooled LDAP connection was broken; retrying", metadata: ["uri": "\(connection.uri)"])
                    continue
                }
                markDown(connection.serverIndex, located)
                throw located
            } catch {
                // Cancelled before the blocking call ran: the handle was not touched.
                release(connection, reusable: true)
                throw error
            }
        }
    }

    /// Closes the idle connections to one server (they are probably broken too).
    func dropIdle(serverIndex: Int) {
        let dropped = state.withLock { state -> [LDAPConnection] in
            let dropped = state.idle.filter { $0.serverIndex == serverIndex }
            state.idle.removeAll { $0.serverIndex == serverIndex }
            return dropped
        }
        for connection in dropped { closeInBackground(connection, abortFirst: false) }
    }

    /// Runs one blocking libldap call on the thread pool. A watchdog shuts the
    /// socket down `budget` + grace after the start, so even a libldap path without
    /// a timeout of its own returns; that failure is reported as a timeout.
    func blocking<T: Sendable>(
        _ connection: LDAPConnection, budget: Duration? = nil,
        _ call: @escaping @Sendable (LDAPConnection) throws -> T
    ) async throws -> T {
        let limit = (budget ?? configuration.operationTimeout) + Self.watchdogGrace
        let ticket = connection.beginOperation()
        let watchdog = Task {
            try await Task.sleep(for: limit)
            connection.abort(ticket: ticket)
        }
        defer { watchdog.cancel() }
        do {
            let value = try await threads.runIfActive { try call(connection) }
            _ = connection.endOperation(ticket)
            return value
        } catch let error as LDAPError {
            if connection.endOperation(ticket) {
                throw LDAPError(
                    code: .timeout,
                    diagnostic: "no answer within \(limit); connection aborted (\(error.diagnostic ?? error.code.name))",
                    uri: connection.uri)
            }
            throw error
        } catch {
            _ = connection.endOperation(ticket)
            if error is CancellationError { throw error }
            throw LDAPError(code: .localError, diagnostic: "LDAP client is shut down")
        }
    }

    private func acquire(deadline: ContinuousClock.Instant) async throws -> (LDAPConnection, reused: Bool) {
        while true {
            var discarded: LDAPConnection?
            let grant = try state.withLock { state -> Grant in
                if state.isShutDown { throw LDAPError(code: .localError, diagnostic: "LDAP client is shut down") }
                let preferred = Self.candidates(state.servers, now: clock.now).first
                if let connection = state.idle.popLast() {
                    state.leased += 1
                    // Move back to a better server once it may be used again; never reuse a
                    // connection to a server marked down.
                    if connection.serverIndex != preferred {
                        discarded = connection
                        return .open
                    }
                    return .reuse(connection)
                }
                if state.leased + state.idle.count < configuration.poolSize {
                    state.leased += 1
                    return .open
                }
                return .wait
            }
            if let discarded { closeInBackground(discarded, abortFirst: false) }
            switch grant {
            case .reuse(let connection):
                return (connection, true)
            case .open:
                do {
                    return (try await openConnection(), false)
                } catch {
                    releaseSlot()
                    throw error
                }
            case .wait:
                try await waitForSlot(until: deadline)
            }
        }
    }

    private func waitForSlot(until deadline: ContinuousClock.Instant) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        // A waiter still queued at the deadline fails.
        let timer = Task { [weak self] in
            try await Task.sleep(until: deadline, clock: ContinuousClock())
            self?.expireWaiter(id)
        }
        defer { timer.cancel() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.isShutDown || Task.isCancelled { return true }
                    if state.leased + state.idle.count < configuration.poolSize || !state.idle.isEmpty { return true }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
        try Task.checkCancellation()
    }

    /// Fails a waiter whose operation timeout passed while it waited for a connection.
    private func expireWaiter(_ id: UInt64) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: LDAPError(
            code: .timeout, diagnostic: "no LDAP connection became free within the operation timeout (\(configuration.operationTimeout))"
        ))
    }

    private func release(_ connection: LDAPConnection, reusable: Bool) {
        let (waiter, keep) = state.withLock { state -> (Waiter?, Bool) in
            state.leased -= 1
            let keep = reusable && !state.isShutDown
            if keep { state.idle.append(connection) }
            return (state.waiters.isEmpty ? nil : state.waiters.removeFirst(), keep)
        }
        if !keep { closeInBackground(connection, abortFirst: !reusable) }
        waiter?.continuation.resume()
    }

    private func releaseSlot() {
        let waiter = state.withLock { state -> Waiter? in
            state.leased -= 1
            return state.waiters.isEmpty ? nil : state.waiters.removeFirst()
        }
        waiter?.continuation.resume()
    }

    func closeInBackground(_ connection: LDAPConnection, abortFirst: Bool) {
        let threads = self.threads
        Task {
            do {
                try await threads.runIfActive { connection.close(abortFirst: abortFirst) }
            } catch {
                connection.close(abortFirst: true)
            }
        }
    }

    // MARK: Opening

    /// Opens a connection to the first usable server, marking failed ones down.
    private func openConnection() async throws -> LDAPConnection {
        let uris = configuration.uris
        guard !uris.isEmpty else {
            throw LDAPError(code: .parameterError, diagnostic: "no LDAP server URIs configured")
        }
        let order = claimCandidates()
        guard !order.isEmpty else { throw allServersDown() }
        var lastError = LDAPError(code: .serverDown, diagnostic: "no LDAP server reachable")
        for index in order {
            do {
                let connection = try await open(serverIndex: index)
                markUp(index)
                return connection
            } catch let error as LDAPError {
                guard error.isConnectionFailure else {
                    // The server answered (wrong credentials, TLS refused by policy…):
                    // it is up, and the next server would say the same.
                    markUp(index)
                    throw error
                }
                markDown(index, error)
                lastError = error
            }
        }
        throw lastError
    }

    /// Creates, connects and binds one connection to server `serverIndex`.
    func open(serverIndex: Int) async throws -> LDAPConnection {
        let uri = configuration.uris[serverIndex]
        let configuration = self.configuration
        let connection = try LDAPConnection(uri: uri, serverIndex: serverIndex, configuration: configuration)
        // Connect, maybe StartTLS, bind: each may take its own timeout.
        let steps = configuration.tls.startTLS ? 2 : 1
        let budget = configuration.connectTimeout + configuration.operationTimeout * steps
        do {
            try await blocking(connection, budget: budget) { try $0.open() }
            return connection
        } catch {
            closeInBackground(connection, abortFirst: true)
            throw (error as? LDAPError)?.at(uri) ?? error
        }
    }

    // MARK: Probing and shutdown

    /// Tries every server marked down whose retry time has come; a server that
    /// accepts a connection and bind is marked up (the connection joins the pool if
    /// there is room).
    func probe() async {
        let due = state.withLock { state in
            let now = clock.now
            return state.servers.indices.filter { index in
                !state.servers[index].isUp && (state.servers[index].retryAt.map { $0 <= now } ?? true)
            }
        }
        for index in due {
            do {
                let connection = try await open(serverIndex: index)
                markUp(index)
                let adopted = state.withLock { state -> Bool in
                    guard !state.isShutDown, state.leased + state.idle.count < configuration.poolSize else { return false }
                    state.idle.append(connection)
                    return true
                }
                if !adopted { closeInBackground(connection, abortFirst: false) }
            } catch let error as LDAPError {
                if error.isConnectionFailure { markDown(index, error) } else { markUp(index) }
            } catch {
                continue
            }
        }
    }

    /// Unbinds every idle connection, fails waiters, waits for leased connections
    /// (each bounded by its timeouts) and stops the threads.
    func shutdown() async {
        let (idle, waiters) = state.withLock { state -> ([LDAPConnection], [Waiter]) in
            state.isShutDown = true
            let idle = state.idle
            let waiters = state.waiters
            state.idle = []
            state.waiters = []
            return (idle, waiters)
        }
        for waiter in waiters { waiter.continuation.resume() }
        for connection in idle {
            do {
                try await threads.runIfActive { connection.close(abortFirst: false) }
            } catch {
                connection.close(abortFirst: true)
            }
        }
        while state.withLock({ $0.leased }) > 0 {
            try? await Task.sleep(for: .milliseconds(10))
        }
        try? await threads.shutdownGracefully()
    }

    deinit {
        // Without shutdown(): NIOThreadPool must not be dropped while running.
        threads.shutdownGracefully { _ in }
    }
}
