// SPDX-License-Identifier: Apache-2.0

/// Everything a ``TTLCache`` mutates, kept together behind its lock.
@usableFromInline
struct TTLCacheState<Key: Hashable & Sendable, Value: Sendable, Instant: InstantProtocol>: Sendable {
    /// The task of one load (of one key, or a batch of keys): its outcome, handed to every
    /// read waiting for it.
    @usableFromInline typealias LoadTask = Task<TTLCacheLoadOutcome<Key, Value>, Never>

    /// A load in flight: the task and an id that tells whether it is still the key's current
    /// load. A batch load is the current load of each of its keys, under one id.
    @usableFromInline
    struct PendingLoad: Sendable {
        var id: UInt64
        @usableFromInline var task: LoadTask
    }

    /// The entries in recency order (the LRU bound evicts the oldest).
    @usableFromInline var entries = LRUOrder<Key, TTLCacheEntry<Value, Instant>>()
    /// The current load of each key (a miss joins it; invalidation detaches it).
    @usableFromInline var currentLoads: [Key: PendingLoad] = [:]
    /// Every load still running (single or batch, current or detached), by id.
    var runningLoads: [UInt64: LoadTask] = [:]
    /// The id of the most recently started load.
    var lastLoadID: UInt64 = 0
    /// The counters so far.
    @usableFromInline var counters = TTLCacheStatistics()
    /// The source of lifetime jitter.
    var randomNumberGenerator: any RandomNumberGenerator & Sendable

    /// An empty state.
    ///
    /// - Parameters:
    ///   - randomNumberGenerator: The source of lifetime jitter.
    init(randomNumberGenerator: any RandomNumberGenerator & Sendable) {
        self.randomNumberGenerator = randomNumberGenerator
    }
}
