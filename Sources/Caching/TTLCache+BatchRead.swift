// SPDX-License-Identifier: Apache-2.0

// Reading several keys at once: the keys that need a new load share one batch-loader call.
import Synchronization

extension TTLCache {
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

    // MARK: - Internals (each runs with the lock held)

    /// Starts one load of all `keys` (distinct, none with a current load) by `loader`, and
    /// makes it the current load of each. Like ``startLoad(for:isRefresh:in:)``, the task
    /// stores its results under the lock, so it cannot finish before the caller's critical
    /// section ends.
    func startBatchLoad(for keys: [Key], loader: @escaping BatchLoader, in state: inout State) -> LoadTask {
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
    func finishBatchLoad(for keys: [Key], id: UInt64, result: Result<[Key: Value], any Error>) {
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
}
