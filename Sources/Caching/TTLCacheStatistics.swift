// SPDX-License-Identifier: Apache-2.0

/// A snapshot of a ``TTLCache``'s counters since it was created.
public struct TTLCacheStatistics: Sendable, Hashable {
    /// Reads answered from an unexpired entry (found or "not found").
    public var hits = 0
    /// Reads that had no unexpired entry and waited for a load (their own or another's).
    public var misses = 0
    /// Misses that joined a load already in flight instead of starting one (single-flight).
    public var coalescedWaits = 0
    /// Reads answered with an expired entry because its reload failed (stale-if-error).
    public var staleServes = 0
    /// Background reloads started by refresh-ahead.
    public var refreshes = 0
    /// Entries removed to respect `maxEntries`.
    public var evictions = 0
    /// Loads that failed, per key (a failed batch load counts each of its keys).
    public var loaderErrors = 0
    /// Loads started, per key: misses that were not coalesced, plus refreshes (a batch load
    /// of ``TTLCache/values(for:loadingMissing:)`` counts each of its keys).
    public var loads = 0

    /// All counters zero.
    public init() {}
}
