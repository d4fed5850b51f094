// SPDX-License-Identifier: Apache-2.0

public import Caching

/// Caches a ``MembershipDirectory``: memberships per user and capabilities per realm, each
/// in its own ``TTLCache`` with the same settings. Usernames are keys as spelled (the directory
/// knows a user only by the exact stored spelling); realms are keyed by ``CanonicalName``, as the
/// directory matches realm groups (every spelling shares one entry; a miss asks for the
/// canonical spelling).
///
/// A person's change removes that user's memberships; any change to a group, realm or
/// capability group removes every membership and capability entry (nesting makes the
/// affected set expensive to compute; reloading is one lookup per cached name).
public struct CachingMembershipDirectory<C: Clock>: MembershipDirectory, DirectoryCacheInvalidating where C.Duration == Duration {
    /// Memberships by username.
    public let memberships: TTLCache<String, Memberships, C>
    /// Capabilities by realm. The port answers `[]` for unknown realms, so there is no
    /// negative entry: an empty set is a found value.
    public let capabilities: TTLCache<CanonicalName, Set<Capability>, C>

    /// Wraps `upstream`.
    /// - Parameters:
    ///   - upstream: The directory asked on a miss.
    ///   - configuration: Lifetimes and bounds (each cache holds up to `maxEntries`).
    ///   - clock: The clock deciding expiry.
    public init(_ upstream: any MembershipDirectory, configuration: TTLCacheConfiguration, clock: C) {
        memberships = TTLCache(configuration: configuration, clock: clock) { username in
            try await upstream.memberships(ofUser: username)
        }
        capabilities = TTLCache(configuration: configuration, clock: clock) { realm in
            try await upstream.capabilities(ofRealm: realm.value)
        }
    }

    // Prespecialized for the production clock: called through `any MembershipDirectory`, this
    // method is otherwise generic over `C`, and so would be the cache's inlined hit path.
    @_specialize(where C == ContinuousClock)
    public func memberships(ofUser username: String) async throws -> Memberships? {
        try await memberships.value(for: username)
    }

    // Prespecialized like memberships(ofUser:).
    @_specialize(where C == ContinuousClock)
    public func capabilities(ofRealm realm: String) async throws -> Set<Capability> {
        try await capabilities.value(for: CanonicalName(realm)) ?? []
    }

    public func invalidate(for change: DirectoryChange) async {
        switch change {
        case .person(let username?):
            // Every spelling that folds alike: a changed `uid=Alice` may have been asked as `alice`.
            let canonical = CanonicalName(username)
            memberships.invalidate { CanonicalName($0) == canonical }
        case .person(nil), .group, .realm, .capability:
            await invalidateAll()
        case .otpEntry, .otpOther, .unrelated:
            break
        }
    }

    public func invalidateAll() async {
        memberships.invalidateAll()
        capabilities.invalidateAll()
    }

    public func servableEntryCount() async -> Int {
        memberships.purgeExpired()
        capabilities.purgeExpired()
        return memberships.count + capabilities.count
    }
}
