// SPDX-License-Identifier: Apache-2.0

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
    let loader: Loader
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
    func finishLoad(for key: Key, id: UInt64, isRefresh: Bool, result: Result<Value?, any Error>) {
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


    func insert(_ value: Value?, for key: Key, at now: C.Instant, in state: inout State) {
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
