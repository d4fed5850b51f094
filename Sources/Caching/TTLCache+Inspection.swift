// SPDX-License-Identifier: Apache-2.0

// Waiting for loads, and what the cache holds: for diagnostics, tests and orderly shutdown.
import Synchronization

extension TTLCache {
    /// Waits until every load in flight (including background refreshes and detached loads) has
    /// finished and stored its result. For tests and orderly shutdown.
    public func waitForPendingLoads() async {
        while let task = state.withLock({ $0.runningLoads.first?.value }) {
            _ = await task.value
        }
    }

    /// The counters so far.
    public var statistics: TTLCacheStatistics { state.withLock { $0.counters } }

    /// The number of stored entries, including expired ones kept for stale-if-error.
    public var count: Int { state.withLock { $0.entries.count } }

    /// The keys in recency order, most recently used first (diagnostics and tests).
    public var keysByRecency: [Key] { state.withLock { $0.entries.keysNewestFirst } }

    /// When the entry for `key` expires, if there is one (diagnostics and tests).
    ///
    /// - Parameters:
    ///   - key: The key.
    /// - Returns: The expiry instant, or `nil` without an entry.
    public func expiry(for key: Key) -> C.Instant? {
        state.withLock { state in
            state.entries.slot(of: key).flatMap { state.entries.element(inSlot: $0)?.expiresAt }
        }
    }

    /// Whether the LRU list's links, key index and free list agree (tests).
    var isConsistent: Bool { state.withLock { $0.entries.isConsistent } }
}
