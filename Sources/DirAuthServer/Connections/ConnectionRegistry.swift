// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Synchronization

/// The open client connections of one listener, and which to close when it is full.
///
/// The listener itself stops accepting at ``limit`` (Hummingbird's
/// `MaximumAvailableConnections`); this registry keeps a slot free for the next client by
/// closing, whenever the limit is reached, the connection that waits longest for its client:
/// idle connections first, then slow heads, then slow bodies. A connection being answered is
/// never closed, and a full server closes each connection once it has answered it.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let channel: any Channel
        var phase: ConnectionPhase
        var since: NIODeadline
    }

    /// The most connections open at once.
    let limit: Int
    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])

    /// Creates a registry for a listener of at most `limit` connections.
    /// - Parameter limit: `DIRAUTH_HTTP_MAX_CONNECTIONS`.
    init(limit: Int) {
        self.limit = limit
    }

    /// Whether the limit is reached: answered connections should then close.
    var isFull: Bool {
        entries.withLock { $0.count >= limit }
    }

    /// The number of connections open.
    var count: Int {
        entries.withLock { $0.count }
    }

    /// Records a new connection, idle; when that reaches the limit, closes the connection
    /// that waits longest for its client (not `id`).
    /// - Parameters:
    ///   - id: The connection's identity.
    ///   - channel: Its channel.
    func opened(_ id: ObjectIdentifier, channel: any Channel) {
        let victim: (any Channel)? = entries.withLock { entries in
            entries[id] = Entry(channel: channel, phase: .idle, since: .now())
            guard entries.count >= limit else { return nil }
            var best: (key: ObjectIdentifier, rank: Int, since: NIODeadline)?
            for (key, entry) in entries where key != id {
                guard let rank = entry.phase.sheddingRank else { continue }
                if let current = best, (current.rank, current.since) <= (rank, entry.since) { continue }
                best = (key, rank, entry.since)
            }
            guard let best else { return nil }
            return entries.removeValue(forKey: best.key)?.channel
        }
        victim?.close(promise: nil)
    }

    /// Records that connection `id` entered `phase`.
    /// - Parameters:
    ///   - id: The connection's identity.
    ///   - phase: Its new phase.
    func update(_ id: ObjectIdentifier, phase: ConnectionPhase) {
        entries.withLock { entries in
            entries[id]?.phase = phase
            entries[id]?.since = .now()
        }
    }

    /// Forgets connection `id` (it closed).
    /// - Parameter id: The connection's identity.
    func closed(_ id: ObjectIdentifier) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
