// SPDX-License-Identifier: Apache-2.0

import NIOCore
import Synchronization

/// The open client connections of one listener, and which to close when it is full.
///
/// The listener itself stops accepting at ``limit`` (Hummingbird's
/// `MaximumAvailableConnections`); this registry keeps a slot free for the next client by
/// closing, whenever the limit is reached, the connection that waits longest for its client:
/// idle connections first, then slow heads, then slow bodies. A connection that became idle
/// within ``freshGrace`` (just accepted, or just answered) goes last: its request may already be
/// in the socket, and a flood of connections accepted after it must not push it out. A
/// connection being answered is never closed, and a full server closes each connection once it
/// has answered it.
final class ConnectionRegistry: Sendable {
    private struct Entry {
        let channel: any Channel
        var phase: ConnectionPhase
        var since: NIODeadline
    }

    /// The most connections open at once.
    let limit: Int
    /// How long a connection that just became idle is spared.
    let freshGrace: TimeAmount
    private let entries = Mutex<[ObjectIdentifier: Entry]>([:])

    /// Creates a registry for a listener of at most `limit` connections.
    /// - Parameters:
    ///   - limit: `DIRAUTH_HTTP_MAX_CONNECTIONS`.
    ///   - freshGrace: How long a connection that just became idle is closed only after every
    ///     other candidate (default 1 s).
    init(limit: Int, freshGrace: TimeAmount = .seconds(1)) {
        self.limit = limit
        self.freshGrace = freshGrace
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
            let now = NIODeadline.now()
            var best: (key: ObjectIdentifier, rank: Int, since: NIODeadline)?
            for (key, entry) in entries where key != id {
                guard var rank = entry.phase.sheddingRank else { continue }
                if entry.phase == .idle, now - entry.since < freshGrace { rank = Self.freshRank }
                if let current = best, (current.rank, current.since) <= (rank, entry.since) { continue }
                best = (key, rank, entry.since)
            }
            guard let best else { return nil }
            return entries.removeValue(forKey: best.key)?.channel
        }
        victim?.close(promise: nil)
    }

    /// The rank of a connection that just became idle: after every other candidate.
    static let freshRank = 3

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
