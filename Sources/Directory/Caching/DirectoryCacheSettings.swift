// SPDX-License-Identifier: Apache-2.0

public import Caching

/// The lifetimes and bounds of the directory caches (`DIRAUTH_CACHE_*`).
///
/// Every cache (keys per user, memberships per user, capabilities per realm, OTP entries
/// per name and realm) uses the same settings and holds up to ``maxEntries`` entries.
/// The defaults are justified in README.md ("Caching and outages").
public struct DirectoryCacheSettings: Sendable, Hashable {
    /// `DIRAUTH_CACHE_ENABLED`: `false` sends every lookup to the directory (benchmarks).
    public var enabled: Bool = true
    /// `DIRAUTH_CACHE_TTL`: how long a found value is served without asking the directory (300 s).
    public var ttl: Duration = .seconds(300)
    /// `DIRAUTH_CACHE_NEGATIVE_TTL`: how long "no such user/entry" is remembered (30 s).
    public var negativeTTL: Duration = .seconds(30)
    /// `DIRAUTH_CACHE_MAX_ENTRIES`: entries per cache; the least recently used go first (10,000).
    public var maxEntries: Int = 10_000
    /// `DIRAUTH_CACHE_MAX_STALE`: how long after expiry a value is still served while the
    /// directory cannot answer (stale-if-error; 3600 s).
    public var maxStale: Duration = .seconds(3600)
    /// `DIRAUTH_CACHE_REFRESH_AHEAD`: the fraction of a lifetime after which a hit reloads the
    /// value in the background (0.8; 0 turns it off).
    public var refreshAhead: Double = 0.8
    /// `DIRAUTH_CACHE_JITTER`: random spread of lifetimes as a fraction (0.1 = ±10 %).
    public var jitter: Double = 0.1
    /// `DIRAUTH_CACHE_SYNC`: follow the directory's changes through RFC 4533 (on).
    public var pushInvalidation: Bool = true

    /// The defaults.
    public init() {}

    /// The ``TTLCacheConfiguration`` these settings describe.
    public var cacheConfiguration: TTLCacheConfiguration {
        TTLCacheConfiguration(
            ttl: ttl,
            negativeTTL: negativeTTL,
            jitter: jitter,
            maxEntries: maxEntries,
            refreshAhead: refreshAhead > 0 && refreshAhead < 1 ? refreshAhead : nil,
            maxStale: maxStale
        )
    }
}
