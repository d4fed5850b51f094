/// An in-memory cache of asynchronously loaded values with TTLs, negative caching, jitter, an LRU
/// size bound, single-flight loading, refresh-ahead and stale-if-error.
///
/// The cache is generic over its `Clock`, so tests drive time with a ``ManualClock``; production
/// code uses `ContinuousClock`.
///
/// ```swift
/// let cache = TTLCache<String, [PublicKey], ContinuousClock>(
///     configuration: .init(ttl: .seconds(60), negativeTTL: .seconds(10), maxStale: .seconds(3600)),
///     clock: ContinuousClock()
/// ) { user in try await directory.keys(of: user) }   // nil = "no such user"
/// let keys = try await cache.value(for: "alice")
/// ```
///
/// Semantics:
/// - A read with an unexpired entry is a *hit* and never waits. Late in a found value's life
///   (after `refreshAhead` of it) the hit also starts one background reload.
/// - Otherwise it is a *miss*: it starts the loader, or joins the load already in flight for the
///   key (*single-flight*: concurrent misses for one key make one loader call).
/// - The loader runs in its own task, outside the actor, so other keys are served meanwhile.
///   Its result is stored with `ttl` (or `negativeTTL` for `nil`), each lifetime spread by `jitter`.
/// - When the loader throws and the expired entry is younger than `maxStale` past its expiry, the
///   waiting reads get the stale value (*stale-if-error*); otherwise they get the error. Errors are
///   never cached.
/// - Invalidation removes entries and detaches loads in flight for them: a detached load's
///   result is handed to the reads already waiting but is not stored, so the next read loads again.
public actor TTLCache<Key: Hashable & Sendable, Value: Sendable, C: Clock> where C.Duration == Duration {
    /// The function that fetches a key's value from the source of truth; `nil` means "not found".
    public typealias Loader = @Sendable (Key) async throws -> Value?

    /// A load in flight: the task and an id that tells whether it is still the key's current load.
    private struct PendingLoad {
        var id: UInt64
        var task: Task<Result<Value?, any Error>, Never>
    }

    /// The lifetimes and bounds in use.
    public nonisolated let configuration: TTLCacheConfiguration
    private let clock: C
    private let loader: Loader
    private var randomNumberGenerator: any RandomNumberGenerator & Sendable
    private var entries: [Key: TTLCacheEntry<Value, C.Instant>] = [:]
    private var recency = LRUOrder<Key>()
    /// The current load of each key (a miss joins it; invalidation detaches it).
    private var currentLoads: [Key: PendingLoad] = [:]
    /// Every load still running, current or detached.
    private var runningLoads: [UInt64: Task<Result<Value?, any Error>, Never>] = [:]
    private var nextLoadID: UInt64 = 0
    private var counters = TTLCacheStatistics()

    /// A cache that jitters lifetimes with the system's random number generator.
    ///
    /// - Parameters:
    ///   - configuration: Lifetimes and bounds.
    ///   - clock: The clock that decides expiry (`ContinuousClock()` in production).
    ///   - loader: Fetches a key's value; returns `nil` for "not found"; may throw.
    public init(configuration: TTLCacheConfiguration, clock: C, loader: @escaping Loader) {
        self.init(configuration: configuration, clock: clock, randomNumberGenerator: SystemRandomNumberGenerator(), loader: loader)
    }

    /// A cache with an injected random number generator for jitter (deterministic in tests).
    ///
    /// - Parameters:
    ///   - configuration: Lifetimes and bounds.
    ///   - clock: The clock that decides expiry.
    ///   - randomNumberGenerator: The source of lifetime jitter.
    ///   - loader: Fetches a key's value; returns `nil` for "not found"; may throw.
    public init(
        configuration: TTLCacheConfiguration,
        clock: C,
        randomNumberGenerator: some RandomNumberGenerator & Sendable,
        loader: @escaping Loader
    ) {
        self.configuration = configuration
        self.clock = clock
        self.randomNumberGenerator = randomNumberGenerator
        self.loader = loader
    }

    /// The value for `key`, from the cache or from the loader.
    ///
    /// - Parameters:
    ///   - key: The key to look up.
    /// - Returns: The value, or `nil` when the loader said "not found" (that answer is cached
    ///   for `negativeTTL`).
    /// - Throws: The loader's error, when the load fails and no entry is young enough to serve stale.
    public func value(for key: Key) async throws -> Value? {
        let now = clock.now
        if let entry = entries[key] {
            if now < entry.expiresAt {
                counters.hits += 1
                recency.touch(key)
                if let refreshAt = entry.refreshAt, now >= refreshAt, currentLoads[key] == nil {
                    counters.refreshes += 1
                    _ = startLoad(for: key, isRefresh: true)
                }
                return entry.value
            }
            if !isServableStale(entry, at: now) {
                remove(key)
            }
        }
        counters.misses += 1
        let load: PendingLoad
        if let inFlight = currentLoads[key] {
            counters.coalescedWaits += 1
            load = inFlight
        } else {
            load = startLoad(for: key, isRefresh: false)
        }
        switch await load.task.value {
        case .success(let value):
            return value
        case .failure(let error):
            // The actor may have changed while we waited: look at the entry as it is now.
            let now = clock.now
            if let entry = entries[key] {
                if now < entry.expiresAt { return entry.value }
                if isServableStale(entry, at: now) {
                    counters.staleServes += 1
                    recency.touch(key)
                    return entry.value
                }
            }
            throw error
        }
    }

    /// Stores a value as if the loader had returned it now (write-through), detaching any load
    /// in flight for the key so its older result is not stored.
    ///
    /// - Parameters:
    ///   - value: The value, or `nil` for "not found".
    ///   - key: The key.
    public func store(_ value: Value?, for key: Key) {
        currentLoads[key] = nil
        insert(value, for: key, at: clock.now)
    }

    /// Removes one key's entry and detaches its load in flight; the next read calls the loader.
    ///
    /// - Parameters:
    ///   - key: The key to forget.
    public func invalidate(_ key: Key) {
        remove(key)
        currentLoads[key] = nil
    }

    /// Removes every entry and detaches every load in flight.
    public func invalidateAll() {
        entries.removeAll()
        recency.removeAll()
        currentLoads.removeAll()
    }

    /// Removes the entries (and detaches the loads) of every key matching a predicate.
    ///
    /// - Parameters:
    ///   - predicate: Returns `true` for keys to forget.
    public func invalidate(where predicate: @Sendable (Key) -> Bool) {
        for key in entries.keys where predicate(key) {
            remove(key)
        }
        for key in currentLoads.keys where predicate(key) {
            currentLoads[key] = nil
        }
    }

    /// Drops entries that are past their expiry and past any stale-if-error allowance.
    ///
    /// Such entries are also dropped lazily when read or evicted; call this periodically to
    /// return their memory sooner.
    ///
    /// - Returns: The number of entries dropped.
    @discardableResult
    public func purgeExpired() -> Int {
        let now = clock.now
        let dead = entries.filter { now >= $0.value.expiresAt && !isServableStale($0.value, at: now) }.map(\.key)
        for key in dead { remove(key) }
        return dead.count
    }

    /// Waits until every load in flight (including background refreshes and detached loads) has
    /// finished and stored its result. For tests and orderly shutdown.
    public func waitForPendingLoads() async {
        while let (_, task) = runningLoads.first {
            _ = await task.value
        }
    }

    /// The counters so far.
    public var statistics: TTLCacheStatistics { counters }

    /// The number of stored entries, including expired ones kept for stale-if-error.
    public var count: Int { entries.count }

    /// The keys in recency order, most recently used first (diagnostics and tests).
    public var keysByRecency: [Key] { recency.keysNewestFirst }

    /// When the entry for `key` expires, if there is one (diagnostics and tests).
    ///
    /// - Parameters:
    ///   - key: The key.
    /// - Returns: The expiry instant, or `nil` without an entry.
    public func expiry(for key: Key) -> C.Instant? { entries[key]?.expiresAt }

    // MARK: - Internals

    private func isServableStale(_ entry: TTLCacheEntry<Value, C.Instant>, at now: C.Instant) -> Bool {
        let maxStale = configuration.effectiveMaxStale
        return maxStale > .zero && now < entry.expiresAt.advanced(by: maxStale)
    }

    private func remove(_ key: Key) {
        entries[key] = nil
        recency.remove(key)
    }

    private func startLoad(for key: Key, isRefresh: Bool) -> PendingLoad {
        nextLoadID &+= 1
        let id = nextLoadID
        counters.loads += 1
        let loader = self.loader
        let task = Task<Result<Value?, any Error>, Never> {
            // The task is isolated to the actor, but the loader is a nonisolated async function:
            // it runs on the global executor, so the actor is free during the load.
            let result: Result<Value?, any Error>
            do {
                result = .success(try await loader(key))
            } catch {
                result = .failure(error)
            }
            self.finishLoad(for: key, id: id, isRefresh: isRefresh, result: result)
            return result
        }
        let load = PendingLoad(id: id, task: task)
        currentLoads[key] = load
        runningLoads[id] = task
        return load
    }

    private func finishLoad(for key: Key, id: UInt64, isRefresh: Bool, result: Result<Value?, any Error>) {
        runningLoads[id] = nil
        if case .failure = result { counters.loaderErrors += 1 }
        guard currentLoads[key]?.id == id else { return }  // detached by invalidation or a store
        currentLoads[key] = nil
        switch result {
        case .success(let value):
            insert(value, for: key, at: clock.now)
        case .failure:
            // Do not retry a failing refresh on every hit; the entry expires normally.
            if isRefresh { entries[key]?.refreshAt = nil }
        }
    }

    private func insert(_ value: Value?, for key: Key, at now: C.Instant) {
        let baseLifetime = value == nil ? configuration.effectiveNegativeTTL : configuration.effectiveTTL
        guard baseLifetime > .zero else {
            remove(key)
            return
        }
        let jitter = configuration.effectiveJitter
        let factor = jitter > 0 ? 1 + Double.random(in: -jitter...jitter, using: &randomNumberGenerator) : 1
        let lifetime = max(baseLifetime * factor, .nanoseconds(1))
        let refreshAt = value == nil ? nil : configuration.effectiveRefreshAhead.map { now.advanced(by: lifetime * $0) }
        entries[key] = TTLCacheEntry(value: value, expiresAt: now.advanced(by: lifetime), refreshAt: refreshAt)
        recency.touch(key)
        while entries.count > configuration.effectiveMaxEntries, let victim = recency.oldest {
            remove(victim)
            counters.evictions += 1
        }
    }
}
