public import Synchronization

/// An in-memory cache of asynchronously loaded values with TTLs, negative caching, jitter, an LRU
/// size bound, single-flight loading, refresh-ahead and stale-if-error.
///
/// The cache is generic over its `Clock`, so tests can drive time with a clock that moves only
/// when told to; production code uses `ContinuousClock`.
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
/// - The loader runs in its own task, outside the cache's lock, so other keys are served
///   meanwhile. Its result is stored with `ttl` (or `negativeTTL` for `nil`), each lifetime
///   spread by `jitter`.
/// - When the loader throws and the expired entry is younger than `maxStale` past its expiry, the
///   waiting reads get the stale value (*stale-if-error*); otherwise they get the error. Errors are
///   never cached.
/// - Invalidation removes entries and detaches loads in flight for them: a detached load's
///   result is handed to the reads already waiting but is not stored, so the next read loads again.
/// - ``values(for:loadingMissing:)`` reads several keys as ``value(for:)`` would, except that
///   all the keys that need a new load are loaded by one call of a batch loader (one LDAP
///   search instead of one per key). That load is each of these keys' current load, so the
///   rules above (joining, detaching, storing, stale-if-error) apply to it key by key.
///
/// Design: all state (entries, loads in flight, counters) sits behind one `Mutex`, so every
/// operation is a short critical section on the caller's thread, with no actor hop.
/// - A hit takes the lock once and never suspends: one hash lookup finds the entry's slot in an
///   index-based LRU list (``LRUOrder``), and marking it most recently used is a few integer
///   updates.
/// - A miss joins or starts the key's load in that same critical section, which keeps
///   single-flight exact under any number of concurrent callers; it then awaits the load's task
///   outside the lock, and after a failure takes the lock again to look for a stale entry.
/// - The loader is never called, and nothing is awaited, while the lock is held. The load task
///   stores its result under the lock before it hands it to the waiting reads, so a read that
///   follows a completed miss is a hit.
/// - Everything except ``value(for:)``, ``values(for:loadingMissing:)`` and
///   ``waitForPendingLoads()`` is synchronous.
/// - ``value(for:)`` is `@inlinable`: a caller with concrete types (or one prespecialized with
///   `@_specialize`) gets the hit path specialized, without generic metadata lookups.
public final class TTLCache<Key: Hashable & Sendable, Value: Sendable, C: Clock>: Sendable where C.Duration == Duration {
    /// The function that fetches a key's value from the source of truth; `nil` means "not found".
    public typealias Loader = @Sendable (Key) async throws -> Value?

    /// A function that fetches several keys' values from the source of truth at once: the
    /// values found, by key; a key left out means "not found".
    public typealias BatchLoader = @Sendable ([Key]) async throws -> [Key: Value]

    @usableFromInline typealias State = TTLCacheState<Key, Value, C.Instant>
    @usableFromInline typealias LoadTask = State.LoadTask

    /// What a read found under the lock.
    @usableFromInline
    enum Lookup: Sendable {
        /// An unexpired entry's value.
        case hit(Value?)
        /// The load to wait for (joined, or just started by ``value(for:)``).
        case wait(LoadTask)
    }

    /// The lifetimes and bounds in use.
    public let configuration: TTLCacheConfiguration
    @usableFromInline let clock: C
    private let loader: Loader
    @usableFromInline let state: Mutex<State>

    /// A cache that jitters lifetimes with the system's random number generator.
    ///
    /// - Parameters:
    ///   - configuration: Lifetimes and bounds.
    ///   - clock: The clock that decides expiry (`ContinuousClock()` in production).
    ///   - loader: Fetches a key's value; returns `nil` for "not found"; may throw.
    public convenience init(configuration: TTLCacheConfiguration, clock: C, loader: @escaping Loader) {
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
        self.loader = loader
        self.state = Mutex(State(randomNumberGenerator: randomNumberGenerator))
    }

    /// The value for `key`, from the cache or from the loader.
    ///
    /// A hit returns without suspending, on the caller's executor; a miss waits for the key's
    /// single load.
    ///
    /// - Parameters:
    ///   - key: The key to look up.
    /// - Returns: The value, or `nil` when the loader said "not found" (that answer is cached
    ///   for `negativeTTL`).
    /// - Throws: The loader's error, when the load fails and no entry is young enough to serve stale.
    @inlinable
    nonisolated(nonsending)
    public func value(for key: Key) async throws -> Value? {
        let now = clock.now
        let lookup: Lookup = state.withLock { state in
            lookUp(key, at: now, in: &state) ?? .wait(startLoad(for: key, isRefresh: false, in: &state))
        }
        let task: LoadTask
        switch lookup {
        case .hit(let value): return value
        case .wait(let load): task = load
        }
        switch await task.value.result(for: key) {
        case .success(let value):
            return value
        case .failure(let error):
            // The cache may have changed while we waited: look at the entry as it is now.
            let now = clock.now
            let fallback = state.withLock { state in staleFallback(for: key, at: now, in: &state) }
            if let fallback { return fallback }
            throw error
        }
    }

    /// The values for several keys: the answers (and counters) of ``value(for:)`` for each
    /// key, except that all the keys that need a new load are loaded by one `batchLoader` call.
    ///
    /// In one critical section, each distinct key is looked up as ``value(for:)`` does:
    /// - A hit is answered from its entry. When refresh-ahead is due, it starts the usual
    ///   background reload of that key alone, with the cache's own loader.
    /// - A miss with a load in flight (a single one, or another batch's) joins that load.
    /// - Every other miss goes into one new load task, which calls `batchLoader` once with
    ///   all of them (in the order given). The task is registered as the current load of each
    ///   of these keys, exactly as a single load would be: a concurrent ``value(for:)`` of one
    ///   of them joins it; invalidating or storing one of them detaches it for that key alone
    ///   (the key's answer is still handed to the reads waiting, but not stored). When the
    ///   batch loader returns, the task stores, under the lock, the answer of every key it is
    ///   still attached to: the value found, or "not found" (cached for `negativeTTL`) for a
    ///   key left out of the result. Values for keys it was not asked for are ignored.
    ///
    /// The call then waits, outside the lock, for the loads it joined or started. A key whose
    /// load failed is answered, as in ``value(for:)``, by its entry when one is still servable
    /// stale (stale-if-error); otherwise the call throws.
    ///
    /// Statistics count each distinct key as ``value(for:)`` would (a hit, a miss, a coalesced
    /// wait, a stale serve). A batch load adds one to `loads` per key it loads, and when it
    /// fails one to `loaderErrors` per key, so both count keys, not loader calls.
    ///
    /// - Parameters:
    ///   - keys: The keys wanted; a repeated key is read once.
    ///   - batchLoader: Fetches the values of the keys that need a new load; returns those
    ///     found, by key. It is not called when no key needs a load, and never with a
    ///     repeated key.
    /// - Returns: The values found, by key; a key whose answer is "not found" is absent.
    /// - Throws: A load's error, for the first key (in the order given) whose load failed and
    ///   that has no entry young enough to serve stale.
    nonisolated(nonsending)
    public func values(for keys: some Sequence<Key>, loadingMissing batchLoader: @escaping BatchLoader) async throws -> [Key: Value] {
        var distinct: [Key] = []
        var seen: Set<Key> = []
        for key in keys where seen.insert(key).inserted { distinct.append(key) }
        let now = clock.now
        // The hits' values, and the load each other key waits for, in the order given.
        let (hits, waits): ([Key: Value], [(key: Key, task: LoadTask)]) = state.withLock { state in
            var hits: [Key: Value] = [:]
            var lookups: [(key: Key, task: LoadTask?)] = []
            var missing: [Key] = []
            for key in distinct {
                switch lookUp(key, at: now, in: &state) {
                case .hit(let value)?: hits[key] = value
                case .wait(let task)?: lookups.append((key, task))
                case nil:
                    lookups.append((key, nil))
                    missing.append(key)
                }
            }
            guard !missing.isEmpty else { return (hits, lookups.compactMap { lookup in lookup.task.map { (lookup.key, $0) } }) }
            let batch = startBatchLoad(for: missing, loader: batchLoader, in: &state)
            return (hits, lookups.map { ($0.key, $0.task ?? batch) })
        }
        var values = hits
        var failures: [(key: Key, error: any Error)] = []
        for wait in waits {
            switch await wait.task.value.result(for: wait.key) {
            case .success(let value): values[wait.key] = value
            case .failure(let error): failures.append((wait.key, error))
            }
        }
        guard !failures.isEmpty else { return values }
        // The cache may have changed while we waited: look at the entries as they are now.
        let later = clock.now
        let fallbacks: Result<[Key: Value], any Error> = state.withLock { state in
            var served: [Key: Value] = [:]
            for failure in failures {
                guard let value = staleFallback(for: failure.key, at: later, in: &state) else { return .failure(failure.error) }
                served[failure.key] = value
            }
            return .success(served)
        }
        values.merge(try fallbacks.get()) { _, stale in stale }
        return values
    }

    /// Stores a value as if the loader had returned it now (write-through), detaching any load
    /// in flight for the key so its older result is not stored.
    ///
    /// - Parameters:
    ///   - value: The value, or `nil` for "not found".
    ///   - key: The key.
    public func store(_ value: Value?, for key: Key) {
        let now = clock.now
        state.withLock { state in
            state.currentLoads[key] = nil
            insert(value, for: key, at: now, in: &state)
        }
    }

    /// Removes one key's entry and detaches its load in flight; the next read calls the loader.
    ///
    /// - Parameters:
    ///   - key: The key to forget.
    public func invalidate(_ key: Key) {
        state.withLock { state in
            state.entries.remove(key)
            state.currentLoads[key] = nil
        }
    }

    /// Removes every entry and detaches every load in flight.
    public func invalidateAll() {
        state.withLock { state in
            state.entries.removeAll()
            state.currentLoads.removeAll()
        }
    }

    /// Removes the entries (and detaches the loads) of every key matching a predicate.
    ///
    /// - Parameters:
    ///   - predicate: Returns `true` for keys to forget. It runs while the cache is locked, so it
    ///     must be quick and must not use this cache.
    public func invalidate(where predicate: (Key) -> Bool) {
        state.withLock { state in
            state.entries.removeAll { key, _ in predicate(key) }
            if state.currentLoads.keys.contains(where: predicate) {
                state.currentLoads = state.currentLoads.filter { !predicate($0.key) }
            }
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
        return state.withLock { state in
            state.entries.removeAll { _, entry in now >= entry.expiresAt && !isServableStale(entry, at: now) }
        }
    }

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

    // MARK: - Internals (each runs with the lock held)

    /// Looks `key` up as a read: counts a hit (starting a due refresh-ahead) or a miss, drops
    /// an expired entry that cannot serve stale, and joins a load in flight.
    ///
    /// - Returns: The hit's value, the joined load, or `nil` when the key needs a new load.
    @inlinable @inline(__always)
    func lookUp(_ key: Key, at now: C.Instant, in state: inout State) -> Lookup? {
        if let slot = state.entries.slot(of: key), let entry = state.entries.element(inSlot: slot) {
            if now < entry.expiresAt {
                state.counters.hits += 1
                state.entries.touch(slot: slot)
                if let refreshAt = entry.refreshAt, now >= refreshAt, state.currentLoads[key] == nil {
                    state.counters.refreshes += 1
                    startLoad(for: key, isRefresh: true, in: &state)
                }
                return .hit(entry.value)
            }
            if !isServableStale(entry, at: now) {
                state.entries.remove(key)
            }
        }
        state.counters.misses += 1
        if let inFlight = state.currentLoads[key] {
            state.counters.coalescedWaits += 1
            return .wait(inFlight.task)
        }
        return nil
    }

    /// The answer for `key` after its load failed: the entry's value when it is unexpired (a
    /// newer load stored it meanwhile) or still servable stale (counted), else `nil`.
    @usableFromInline
    func staleFallback(for key: Key, at now: C.Instant, in state: inout State) -> Value?? {
        guard let slot = state.entries.slot(of: key), let entry = state.entries.element(inSlot: slot) else { return nil }
        if now < entry.expiresAt { return .some(entry.value) }
        guard isServableStale(entry, at: now) else { return nil }
        state.counters.staleServes += 1
        state.entries.touch(slot: slot)
        return .some(entry.value)
    }

    @usableFromInline
    func isServableStale(_ entry: TTLCacheEntry<Value, C.Instant>, at now: C.Instant) -> Bool {
        let maxStale = configuration.effectiveMaxStale
        return maxStale > .zero && now < entry.expiresAt.advanced(by: maxStale)
    }

    /// Starts the key's load and makes it the key's current load. The task cannot finish
    /// before the caller's critical section ends: it stores its result under the same lock.
    @usableFromInline @discardableResult
    func startLoad(for key: Key, isRefresh: Bool, in state: inout State) -> LoadTask {
        state.lastLoadID &+= 1
        let id = state.lastLoadID
        state.counters.loads += 1
        let loader = self.loader
        let task = LoadTask { [self] in
            let result: Result<Value?, any Error>
            do {
                result = .success(try await loader(key))
            } catch {
                result = .failure(error)
            }
            finishLoad(for: key, id: id, isRefresh: isRefresh, result: result)
            return .single(result)
        }
        state.currentLoads[key] = State.PendingLoad(id: id, task: task)
        state.runningLoads[id] = task
        return task
    }

    /// Records a load's end and stores its result, unless the load was detached meanwhile.
    private func finishLoad(for key: Key, id: UInt64, isRefresh: Bool, result: Result<Value?, any Error>) {
        let now = clock.now
        state.withLock { state in
            state.runningLoads[id] = nil
            if case .failure = result { state.counters.loaderErrors += 1 }
            guard state.currentLoads[key]?.id == id else { return }  // detached by invalidation or a store
            state.currentLoads[key] = nil
            switch result {
            case .success(let value):
                insert(value, for: key, at: now, in: &state)
            case .failure:
                // Do not retry a failing refresh on every hit; the entry expires normally.
                guard isRefresh, let slot = state.entries.slot(of: key), var entry = state.entries.element(inSlot: slot) else { return }
                entry.refreshAt = nil
                state.entries.replaceElement(inSlot: slot, with: entry)
            }
        }
    }

    /// Starts one load of all `keys` (distinct, none with a current load) by `loader`, and
    /// makes it the current load of each. Like ``startLoad(for:isRefresh:in:)``, the task
    /// stores its results under the lock, so it cannot finish before the caller's critical
    /// section ends.
    private func startBatchLoad(for keys: [Key], loader: @escaping BatchLoader, in state: inout State) -> LoadTask {
        state.lastLoadID &+= 1
        let id = state.lastLoadID
        state.counters.loads += keys.count
        let task = LoadTask { [self] in
            let result: Result<[Key: Value], any Error>
            do {
                result = .success(try await loader(keys))
            } catch {
                result = .failure(error)
            }
            finishBatchLoad(for: keys, id: id, result: result)
            return .batch(result)
        }
        let pending = State.PendingLoad(id: id, task: task)
        for key in keys { state.currentLoads[key] = pending }
        state.runningLoads[id] = task
        return task
    }

    /// Records a batch load's end and stores the answer of each key it is still the current
    /// load of (a key left out of the result is "not found").
    private func finishBatchLoad(for keys: [Key], id: UInt64, result: Result<[Key: Value], any Error>) {
        let now = clock.now
        state.withLock { state in
            state.runningLoads[id] = nil
            if case .failure = result { state.counters.loaderErrors += keys.count }
            for key in keys where state.currentLoads[key]?.id == id {
                state.currentLoads[key] = nil
                if case .success(let found) = result {
                    insert(found[key], for: key, at: now, in: &state)
                }
            }
        }
    }

    private func insert(_ value: Value?, for key: Key, at now: C.Instant, in state: inout State) {
        let baseLifetime = value == nil ? configuration.effectiveNegativeTTL : configuration.effectiveTTL
        guard baseLifetime > .zero else {
            state.entries.remove(key)
            return
        }
        let jitter = configuration.effectiveJitter
        let factor = jitter > 0 ? 1 + Double.random(in: -jitter...jitter, using: &state.randomNumberGenerator) : 1
        let lifetime = max(baseLifetime * factor, .nanoseconds(1))
        let refreshAt = value == nil ? nil : configuration.effectiveRefreshAhead.map { now.advanced(by: lifetime * $0) }
        state.entries.insert(TTLCacheEntry(value: value, expiresAt: now.advanced(by: lifetime), refreshAt: refreshAt), for: key)
        let maxEntries = configuration.effectiveMaxEntries
        while state.entries.count > maxEntries, state.entries.removeOldest() != nil {
            state.counters.evictions += 1
        }
    }
}
