// SPDX-License-Identifier: Apache-2.0

// The server list: up and down marks, and which servers a new connection may go to.
import Logging
import Synchronization

extension ConnectionLeaser {
    var serverStates: [LDAPServerState] {
        state.withLock { state in
            state.servers.map { LDAPServerState(uri: $0.uri, isUp: $0.isUp, lastError: $0.lastError) }
        }
    }

    /// Servers a connection may go to now, in order: those up, and those marked down whose
    /// retry time has come.
    static func candidates(_ servers: [Server], now: ContinuousClock.Instant) -> [Int] {
        servers.indices.filter { index in
            servers[index].isUp || (servers[index].retryAt.map { $0 <= now } ?? true)
        }
    }

    /// ``candidates(_:now:)`` for opening a connection: a down server whose retry time has come
    /// is claimed by this caller (its retry time moves on), so one request tries a sick server
    /// while the others fail at once instead of queueing behind it.
    func claimCandidates() -> [Int] {
        state.withLock { state in
            let now = clock.now
            let order = Self.candidates(state.servers, now: now)
            for index in order where !state.servers[index].isUp {
                state.servers[index].retryAt = now.advanced(by: configuration.downRetryInterval)
            }
            return order
        }
    }

    /// The error of a request that finds every server marked down: fail fast until a retry is due.
    func allServersDown() -> LDAPError {
        let (errors, next) = state.withLock { state in
            (state.servers.compactMap(\.lastError), state.servers.compactMap(\.retryAt).min())
        }
        let wait = next.map { retryAt -> String in
            let left = max(clock.now.duration(to: retryAt), .zero).components
            return " (next attempt in \(left.seconds * 1000 + left.attoseconds / 1_000_000_000_000_000) ms)"
        } ?? ""
        return LDAPError(
            code: .serverDown,
            diagnostic: "every LDAP server is marked down after a failure\(wait): \(errors.last ?? "no answer")"
        )
    }

    func markUp(_ index: Int) {
        let changed = state.withLock { state -> Bool in
            guard state.servers.indices.contains(index) else { return false }
            let changed = !state.servers[index].isUp
            state.servers[index].isUp = true
            state.servers[index].lastError = nil
            state.servers[index].retryAt = nil
            return changed
        }
        if changed { logger.info("LDAP server is up again", metadata: ["uri": "\(configuration.uris[index])"]) }
    }

    /// Marks a server down until ``LDAPConfiguration/downRetryInterval`` has passed, and closes its
    /// idle connections (a server that stopped answering one will not answer the others).
    func markDown(_ index: Int, _ error: LDAPError) {
        let retryAt = clock.now.advanced(by: configuration.downRetryInterval)
        state.withLock { state in
            guard state.servers.indices.contains(index) else { return }
            state.servers[index].isUp = false
            state.servers[index].lastError = error.description
            state.servers[index].retryAt = retryAt
        }
        dropIdle(serverIndex: index)
        logger.warning(
            "LDAP server marked down",
            metadata: ["uri": "\(configuration.uris[index])", "error": "\(error)"])
    }
}
