// SPDX-License-Identifier: Apache-2.0

public import Caching
public import Foundation
public import OTP

/// Caches the authentication reads of an ``OTPEntryStore`` (`entry(name:realm:)` and the
/// batch `entries(for:)`, keyed by ``OTPEntryKey``, so every spelling of one name and realm
/// shares one cache entry) and passes every other call
/// through; its own writes invalidate the entry at once.
///
/// - Reads by id and the full list (the management API) always go to the directory:
///   they are rare and must show the current state.
/// - The cached entry carries `lastUsedStep` and the lockout counter, which other
///   instances change. The compare-and-swap of ``advanceLastUsedStep(of:to:)`` would then
///   fail on a stale value and refuse a good token as a replay, so a failed swap rereads
///   the entry from the directory and retries once from the stored step; a step at or
///   before the stored one stays refused. Lockout counting already rereads.
/// - Push invalidation removes an entry when it, its realm group or the TOTP parameters change.
///   When the wrapped store keeps a cache of its own (``LDAPOTPEntryStore`` caches the TOTP
///   parameters entries), each invalidation reaches that cache first, so that the entries
///   reloaded afterwards are built from fresh parameters.
public struct CachingOTPEntryStore<C: Clock>: OTPEntryStore, DirectoryCacheInvalidating where C.Duration == Duration {
    /// The entries by (name, realm).
    public let cache: TTLCache<OTPEntryKey, OTPEntry, C>
    let upstream: any OTPEntryStore

    /// Wraps `upstream`.
    /// - Parameters:
    ///   - upstream: The store asked on a miss and for every write.
    ///   - configuration: Lifetimes and bounds.
    ///   - clock: The clock deciding expiry.
    public init(_ upstream: any OTPEntryStore, configuration: TTLCacheConfiguration, clock: C) {
        self.upstream = upstream
        cache = TTLCache(configuration: configuration, clock: clock) { key in
            try await upstream.entry(name: key.name, realm: key.realm)
        }
    }

    // MARK: Reads

    // Prespecialized for the production clock: called through `any OTPEntryStore`, this
    // method is otherwise generic over `C`, and so would be the cache's inlined hit path.
    @_specialize(where C == ContinuousClock)
    public func entry(name: String, realm: String) async throws -> OTPEntry? {
        try await cache.value(for: OTPEntryKey(name: name, realm: realm))
    }

    /// The keys through the cache (``TTLCache/values(for:loadingMissing:)``): hits are
    /// served from it, a key with a load in flight joins that load, and all other keys are
    /// read with one upstream `entries(for:)` call. Its answers are stored as single reads'
    /// are, under the key as asked (a key it leaves out as "not found", for `negativeTTL`).
    @_specialize(where C == ContinuousClock)
    public func entries(for keys: [OTPEntryKey]) async throws -> [OTPEntryKey: OTPEntry] {
        let upstream = self.upstream
        return try await cache.values(for: keys) { missing in
            try await upstream.entries(for: missing)
        }
    }

    public func entry(id: String) async throws -> OTPEntry? {
        try await upstream.entry(id: id)
    }

    public func entries() async throws -> [OTPEntry] {
        try await upstream.entries()
    }

    // MARK: Writes (each invalidates what it changes)

    public func create(name: String, realm: String, secret: OTPSecret) async throws -> OTPEntry {
        try await changing([(name, realm)]) { try await upstream.create(name: name, realm: realm, secret: secret) }
    }

    public func rename(_ entry: OTPEntry, name: String, realm: String) async throws -> OTPEntry {
        try await changing([(entry.name, entry.realm), (name, realm)]) { try await upstream.rename(entry, name: name, realm: realm) }
    }

    public func rotate(_ entry: OTPEntry, secret: OTPSecret) async throws {
        try await changing([(entry.name, entry.realm)]) { try await upstream.rotate(entry, secret: secret) }
    }

    public func delete(_ entry: OTPEntry) async throws {
        try await changing([(entry.name, entry.realm)]) { try await upstream.delete(entry) }
    }

    public func advanceLastUsedStep(of entry: OTPEntry, to step: Int64) async throws -> Bool {
        if try await upstream.advanceLastUsedStep(of: entry, to: step) {
            await invalidate(name: entry.name, realm: entry.realm)
            return true
        }
        await invalidate(name: entry.name, realm: entry.realm)
        // The swap compared with the value read; when that value came from the cache it may
        // be stale. Compare with the stored one and retry once from it.
        guard let stored = try await upstream.entry(name: entry.name, realm: entry.realm), stored.id == entry.id,
            stored.lastUsedStep != entry.lastUsedStep
        else { return false }
        if let last = stored.lastUsedStep, last >= step { return false }
        let advanced = try await upstream.advanceLastUsedStep(of: stored, to: step)
        await invalidate(name: entry.name, realm: entry.realm)
        return advanced
    }

    public func recordFailure(of entry: OTPEntry, at now: Date, policy: OTPLockoutPolicy) async throws -> OTPLockoutState {
        try await changing([(entry.name, entry.realm)]) { try await upstream.recordFailure(of: entry, at: now, policy: policy) }
    }

    public func clearFailures(of entry: OTPEntry) async throws {
        try await changing([(entry.name, entry.realm)]) { try await upstream.clearFailures(of: entry) }
    }

    /// Runs a write, invalidating the named entries before it (so no read during the write
    /// stores an older value for long: a load in flight is detached) and after it, whether
    /// it succeeded or not (a failed write may have changed part of the entry).
    private func changing<T>(_ names: [(String, String)], _ write: () async throws -> T) async throws -> T {
        for (name, realm) in names { await invalidate(name: name, realm: realm) }
        do {
            let result = try await write()
            for (name, realm) in names { await invalidate(name: name, realm: realm) }
            return result
        } catch {
            for (name, realm) in names { await invalidate(name: name, realm: realm) }
            throw error
        }
    }

    // MARK: Invalidation

    /// Forgets the entry (`name`, `realm`), in whichever spelling it was cached.
    /// - Parameters:
    ///   - name: The name.
    ///   - realm: The realm.
    public func invalidate(name: String, realm: String) async {
        cache.invalidate(OTPEntryKey(name: name, realm: realm))
    }

    public func invalidate(for change: DirectoryChange) async {
        // The wrapped store's own cache first: a reload after the lines below must not find
        // its old parameters.
        await cachingUpstream?.invalidate(for: change)
        switch change {
        case .otpEntry(let name, let realm):
            await invalidate(name: name, realm: realm)
        case .otpOther, .realm(nil):
            cache.invalidateAll()
        case .realm(let realm?):
            let canonical = CanonicalName(realm)
            cache.invalidate { $0.canonicalRealm == canonical }
        case .person, .group, .capability, .unrelated:
            break
        }
    }

    public func invalidateAll() async {
        await cachingUpstream?.invalidateAll()
        cache.invalidateAll()
    }

    /// The entries this decorator holds (a wrapped store's own cache is not counted).
    public func servableEntryCount() async -> Int {
        cache.purgeExpired()
        return cache.count
    }

    /// The wrapped store when it keeps a cache of its own.
    private var cachingUpstream: (any DirectoryCacheInvalidating)? {
        upstream as? any DirectoryCacheInvalidating
    }
}
