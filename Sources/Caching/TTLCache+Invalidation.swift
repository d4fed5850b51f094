// SPDX-License-Identifier: Apache-2.0

// Writing through, forgetting entries and purging expired ones.
import Synchronization

extension TTLCache {
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
}
