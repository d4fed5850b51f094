// SPDX-License-Identifier: Apache-2.0

// Reading without loading, and read-modify-write in one critical section: for values the
// cache itself is the home of (counters), not a copy of a source of truth.
import Synchronization

extension TTLCache {
    /// The unexpired value cached for `key`, without calling the loader or counting a hit.
    ///
    /// - Parameter key: The key.
    /// - Returns: `nil` when nothing unexpired is cached; `.some(nil)` for a cached "not found".
    public func cachedValue(for key: Key) -> Value?? {
        let now = clock.now
        return state.withLock { state in
            guard let slot = state.entries.slot(of: key), let entry = state.entries.element(inSlot: slot), now < entry.expiresAt else {
                return nil
            }
            return .some(entry.value)
        }
    }

    /// Replaces `key`'s value with what `body` makes of the current one, in one critical
    /// section, so concurrent updates (e.g. failure counters) never lose one another's writes.
    ///
    /// The current value is `nil` when nothing unexpired is cached. The new value is stored as
    /// if loaded now (a fresh lifetime; any load in flight is detached); `nil` removes the entry.
    /// `body` runs under the cache's lock: keep it short and never call the cache from it.
    ///
    /// - Parameters:
    ///   - key: The key.
    ///   - body: Changes the value in place and returns a result.
    /// - Returns: `body`'s result.
    public func update<Result>(_ key: Key, _ body: (inout Value?) -> Result) -> Result {
        let now = clock.now
        return state.withLock { state in
            var value: Value?
            if let slot = state.entries.slot(of: key), let entry = state.entries.element(inSlot: slot), now < entry.expiresAt {
                value = entry.value
            }
            let result = body(&value)
            state.currentLoads[key] = nil
            if let value {
                insert(value, for: key, at: now, in: &state)
            } else {
                state.entries.remove(key)
            }
            return result
        }
    }
}
