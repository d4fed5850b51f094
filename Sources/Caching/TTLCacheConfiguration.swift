// SPDX-License-Identifier: Apache-2.0

/// The lifetimes and bounds of a ``TTLCache``.
///
/// Out-of-range values never trap: negative durations count as zero, `jitter` is clamped to
/// `0..<1`, `maxEntries` to at least 1, and a `refreshAhead` outside `0 < f < 1` turns
/// refresh-ahead off.
public struct TTLCacheConfiguration: Sendable, Hashable {
    /// How long a found value is served before it must be reloaded. `.zero` disables caching of
    /// found values (loads are still single-flighted).
    public var ttl: Duration
    /// How long a "not found" (`nil`) result is served. `.zero` disables negative caching.
    public var negativeTTL: Duration
    /// Random spread of each entry's lifetime, as a fraction: 0.1 gives lifetimes uniformly in
    /// `ttl·[0.9, 1.1]`. Spreads reloads of entries cached at the same moment.
    public var jitter: Double
    /// The most entries kept; beyond it the least recently used entry is evicted.
    public var maxEntries: Int
    /// When a hit comes after this fraction of the entry's lifetime (e.g. 0.8), the value is served
    /// and one background reload starts. `nil` turns refresh-ahead off. Applies to found values only.
    public var refreshAhead: Double?
    /// How long after expiry an entry may still be served when its reload fails
    /// (stale-if-error). `.zero` turns it off: a failed reload is the caller's error.
    public var maxStale: Duration

    /// A configuration; every parameter has a default.
    ///
    /// - Parameters:
    ///   - ttl: Lifetime of found values (default 60 s).
    ///   - negativeTTL: Lifetime of "not found" results (default 10 s).
    ///   - jitter: Lifetime spread as a fraction (default 0.1 = ±10 %).
    ///   - maxEntries: Size bound (default 10,000).
    ///   - refreshAhead: Fraction of the lifetime after which hits trigger a background reload
    ///     (default 0.8; `nil` = off).
    ///   - maxStale: Stale-if-error allowance after expiry (default `.zero` = off).
    public init(
        ttl: Duration = .seconds(60),
        negativeTTL: Duration = .seconds(10),
        jitter: Double = 0.1,
        maxEntries: Int = 10_000,
        refreshAhead: Double? = 0.8,
        maxStale: Duration = .zero
    ) {
        self.ttl = ttl
        self.negativeTTL = negativeTTL
        self.jitter = jitter
        self.maxEntries = maxEntries
        self.refreshAhead = refreshAhead
        self.maxStale = maxStale
    }

    /// `ttl`, never negative.
    var effectiveTTL: Duration { max(ttl, .zero) }
    /// `negativeTTL`, never negative.
    var effectiveNegativeTTL: Duration { max(negativeTTL, .zero) }
    /// `maxStale`, never negative.
    var effectiveMaxStale: Duration { max(maxStale, .zero) }
    /// `jitter` clamped to `0..<1` (NaN counts as 0).
    var effectiveJitter: Double { jitter.isNaN ? 0 : min(max(jitter, 0), 0.99) }
    /// `maxEntries`, at least 1.
    var effectiveMaxEntries: Int { max(maxEntries, 1) }
    /// `refreshAhead` when strictly between 0 and 1, else `nil`.
    var effectiveRefreshAhead: Double? {
        guard let fraction = refreshAhead, fraction > 0, fraction < 1 else { return nil }
        return fraction
    }
}
