// SPDX-License-Identifier: Apache-2.0

public import Caching
public import SSHKeys

/// Caches a ``PublicKeyDirectory``'s answers in a ``TTLCache`` (keys per username).
///
/// Found key lists live `ttl`, unknown users `negativeTTL`; concurrent lookups of one
/// user make one directory call; when the directory fails, an expired answer is served
/// up to `maxStale` after its expiry. A person's change (push invalidation) removes the
/// user's entry at once, so removed keys stop working within the feed's delay.
public struct CachingPublicKeyDirectory<C: Clock>: PublicKeyDirectory, DirectoryCacheInvalidating where C.Duration == Duration {
    /// The cache (statistics, tests).
    public let cache: TTLCache<String, [SSHPublicKey], C>

    /// Wraps `upstream`.
    /// - Parameters:
    ///   - upstream: The directory asked on a miss.
    ///   - configuration: Lifetimes and bounds.
    ///   - clock: The clock deciding expiry (`ContinuousClock()` in production).
    public init(_ upstream: any PublicKeyDirectory, configuration: TTLCacheConfiguration, clock: C) {
        cache = TTLCache(configuration: configuration, clock: clock) { username in
            try await upstream.publicKeys(forUser: username)
        }
    }

    // Prespecialized for the production clock: called through `any PublicKeyDirectory`, this
    // method is otherwise generic over `C`, and so would be the cache's inlined hit path.
    @_specialize(where C == ContinuousClock)
    public func publicKeys(forUser username: String) async throws -> [SSHPublicKey]? {
        try await cache.value(for: username)
    }

    /// Forgets one user in every spelling that folds alike (``CanonicalName``): the change
    /// feed names the DN's spelling, a user may have been asked for in another; only the
    /// stored spelling is a known user, the others are cached as unknown.
    /// - Parameter username: The user.
    public func invalidate(user username: String) async {
        let canonical = CanonicalName(username)
        cache.invalidate { CanonicalName($0) == canonical }
    }

    public func invalidate(for change: DirectoryChange) async {
        switch change {
        case .person(let username?): await invalidate(user: username)
        case .person(nil): cache.invalidateAll()
        default: break
        }
    }

    public func invalidateAll() async { cache.invalidateAll() }

    public func servableEntryCount() async -> Int {
        cache.purgeExpired()
        return cache.count
    }
}
