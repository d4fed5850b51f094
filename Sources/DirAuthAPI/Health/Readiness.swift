// SPDX-License-Identifier: Apache-2.0

/// `GET /readyz`'s answer: whether this instance can answer, and why.
///
/// - `ok` (200): every directory answers and the change feed (when there is one) is connected;
/// - `degraded` (200): some directory answers, or none does but the cache holds entries it
///   may still serve (stale-if-error): cached users keep logging in; or the change feed is
///   disconnected or refused (`cache.change_feed.error` says why), so changes reach the caches
///   only through their TTLs;
/// - `unavailable` (503): no directory answers and nothing is cached.
public struct Readiness: Codable, Sendable, Hashable {
    /// The overall state.
    public enum Status: String, Codable, Sendable, Hashable {
        /// Every directory answers.
        case ok
        /// Some directory answers, or the cache can serve.
        case degraded
        /// Nothing can serve.
        case unavailable
    }

    /// The overall state, derived from ``directories`` and ``cache``.
    public var status: Status
    /// Each configured directory server.
    public var directories: [DirectoryHealth]
    /// What the caches hold, when caching is on.
    public var cache: CacheHealth?

    /// Derives the state from what was seen.
    /// - Parameters:
    ///   - directories: Each server's health.
    ///   - cache: The caches' state, or `nil`.
    public init(directories: [DirectoryHealth], cache: CacheHealth? = nil) {
        self.directories = directories
        self.cache = cache
        let up = directories.filter(\.up).count
        let cached = (cache?.entries ?? 0) > 0
        if up > 0 {
            let feedDown = cache?.changeFeed.map { !$0.connected } ?? false
            status = up == directories.count && !feedDown ? .ok : .degraded
        } else {
            status = cached ? .degraded : .unavailable
        }
    }
}
