// SPDX-License-Identifier: Apache-2.0

import Caching
import Directory
import Foundation
import Logging
import OTP
import SSHKeys
import Synchronization
import TestSupport
import Testing

/// The caching decorators with a manual clock and in-memory fakes: what is cached, what a
/// change invalidates, stale-if-error, and the OTP store's write-through invalidation.
@Suite("Caching decorators")
struct CachingDecoratorTests {
    static let configuration = TTLCacheConfiguration(
        ttl: .seconds(600), negativeTTL: .seconds(30), jitter: 0, maxEntries: 100, refreshAhead: nil, maxStale: .seconds(3600)
    )
    let layout = DirectoryLayout(baseDN: "dc=example,dc=org")

    /// Counts lookups and can be told to fail.
    final class CountingDirectory: PublicKeyDirectory, MembershipDirectory, Sendable {
        let inner: InMemoryDirectory
        let calls = Mutex(0)
        let failing = Mutex(false)
        init(_ inner: InMemoryDirectory) { self.inner = inner }

        private func call() throws {
            calls.withLock { $0 += 1 }
            if failing.withLock({ $0 }) { throw DirectoryError.unavailable("test: directory down") }
        }
        func publicKeys(forUser username: String) async throws -> [SSHPublicKey]? {
            try call()
            return try await inner.publicKeys(forUser: username)
        }
        func memberships(ofUser username: String) async throws -> Memberships? {
            try call()
            return try await inner.memberships(ofUser: username)
        }
        func capabilities(ofRealm realm: String) async throws -> Set<Capability> {
            try call()
            return try await inner.capabilities(ofRealm: realm)
        }
    }

    func sample() throws -> CountingDirectory {
        CountingDirectory(try SampleDirectory.inMemory())
    }

    @Test("DNs are classified by base; RDN values are unescaped")
    func classification() {
        #expect(DirectoryChange.classify("uid=alice,ou=people,dc=example,dc=org", layout: layout) == .person(username: "alice"))
        #expect(DirectoryChange.classify("UID=Alice,OU=People,DC=example,DC=org", layout: layout) == .person(username: "Alice"))
        #expect(DirectoryChange.classify("cn=Alice Example,ou=people,dc=example,dc=org", layout: layout) == .person(username: nil))
        #expect(DirectoryChange.classify("cn=developers,ou=groups,dc=example,dc=org", layout: layout) == .group)
        #expect(DirectoryChange.classify("cn=ungleich-admin,ou=realms,dc=example,dc=org", layout: layout) == .realm(name: "ungleich-admin"))
        #expect(DirectoryChange.classify("cn=create,ou=capabilities,dc=example,dc=org", layout: layout) == .capability)
        #expect(
            DirectoryChange.classify("cn=a\\2Cb+ou=services,ou=otp,dc=example,dc=org", layout: layout) == .otpEntry(name: "a,b", realm: "services"))
        #expect(DirectoryChange.classify("cn=totp-params,ou=otp,dc=example,dc=org", layout: layout) == .otpOther)
        #expect(DirectoryChange.classify("cn=dirauthd,ou=services,dc=example,dc=org", layout: layout) == .unrelated)
        #expect(DirectoryChange.classify("uid=alice,ou=people,dc=other,dc=org", layout: layout) == .unrelated)
    }

    @Test("keys: hits make no directory call; a person change forgets that user in any letter case, other changes do not")
    func keysInvalidation() async throws {
        let upstream = try sample()
        let cached = CachingPublicKeyDirectory(upstream, configuration: Self.configuration, clock: ManualClock())
        let invalidator = DirectoryCacheInvalidator(layout: layout, caches: [cached], logger: .init(label: "test"))
        #expect(try await cached.publicKeys(forUser: "alice")?.count == 2)
        #expect(try await cached.publicKeys(forUser: "alice")?.count == 2)
        #expect(try await cached.publicKeys(forUser: "bob")?.count == 1)
        #expect(upstream.calls.withLock { $0 } == 2)

        await invalidator.entryChanged("cn=developers,ou=groups,dc=example,dc=org")
        _ = try await cached.publicKeys(forUser: "alice")
        #expect(upstream.calls.withLock { $0 } == 2)

        await invalidator.entryChanged("uid=ALICE,ou=people,dc=example,dc=org")
        _ = try await cached.publicKeys(forUser: "alice")
        _ = try await cached.publicKeys(forUser: "bob")
        #expect(upstream.calls.withLock { $0 } == 3)
    }

    @Test("memberships and capabilities: a group, realm or capability change forgets all of them; a person change only that user")
    func membershipInvalidation() async throws {
        let upstream = try sample()
        let cached = CachingMembershipDirectory(upstream, configuration: Self.configuration, clock: ManualClock())
        let invalidator = DirectoryCacheInvalidator(layout: layout, caches: [cached], logger: .init(label: "test"))
        _ = try await cached.memberships(ofUser: "alice")
        _ = try await cached.memberships(ofUser: "bob")
        #expect(try await cached.capabilities(ofRealm: "ungleich-admin").contains(.create))
        #expect(upstream.calls.withLock { $0 } == 3)

        await invalidator.entryChanged("uid=bob,ou=people,dc=example,dc=org")
        _ = try await cached.memberships(ofUser: "alice")
        _ = try await cached.memberships(ofUser: "bob")
        _ = try await cached.capabilities(ofRealm: "ungleich-admin")
        #expect(upstream.calls.withLock { $0 } == 4)

        for dn in ["cn=operators,ou=groups,dc=example,dc=org", "cn=services,ou=realms,dc=example,dc=org", "cn=verify,ou=capabilities,dc=example,dc=org"] {
            let before = upstream.calls.withLock { $0 }
            await invalidator.entryChanged(dn)
            _ = try await cached.memberships(ofUser: "alice")
            _ = try await cached.memberships(ofUser: "bob")
            _ = try await cached.capabilities(ofRealm: "ungleich-admin")
            #expect(upstream.calls.withLock { $0 } == before + 3, "after a change of \(dn)")
        }
    }

    @Test("stale-if-error: after expiry a failing directory still gets the old answer until max-stale; uncached names fail")
    func staleIfError() async throws {
        let upstream = try sample()
        let clock = ManualClock()
        let cached = CachingPublicKeyDirectory(upstream, configuration: Self.configuration, clock: clock)
        #expect(try await cached.publicKeys(forUser: "alice")?.count == 2)
        upstream.failing.withLock { $0 = true }
        clock.advance(by: .seconds(601))
        #expect(try await cached.publicKeys(forUser: "alice")?.count == 2)
        #expect(cached.cache.statistics.staleServes == 1)
        #expect(await cached.servableEntryCount() == 1)
        await #expect(throws: DirectoryError.unavailable("")) { try await cached.publicKeys(forUser: "bob") }
        clock.advance(by: .seconds(3600))
        await #expect(throws: DirectoryError.unavailable("")) { try await cached.publicKeys(forUser: "alice") }
        #expect(await cached.servableEntryCount() == 0)
    }

    @Test("100 concurrent lookups of one user through the decorator make one directory call")
    func singleFlight() async throws {
        let upstream = try sample()
        let cached = CachingPublicKeyDirectory(upstream, configuration: Self.configuration, clock: ManualClock())
        try await withThrowingTaskGroup(of: Int?.self) { group in
            for _ in 0..<100 { group.addTask { try await cached.publicKeys(forUser: "carol")?.count } }
            for try await count in group { #expect(count == 1) }
        }
        #expect(upstream.calls.withLock { $0 } == 1)
    }

    // MARK: OTP

    func otpStore() throws -> (InMemoryOTPEntryStore, CachingOTPEntryStore<ManualClock>) {
        let store = InMemoryOTPEntryStore()
        return (store, CachingOTPEntryStore(store, configuration: Self.configuration, clock: ManualClock()))
    }

    @Test("OTP: reads are cached; rotate, delete and a change of the entry or its realm group invalidate it")
    func otpInvalidation() async throws {
        let (store, cached) = try otpStore()
        let invalidator = DirectoryCacheInvalidator(layout: layout, caches: [cached], logger: .init(label: "test"))
        let created = try await cached.create(name: "svc", realm: "services", secret: OTPSecret(bytes: Array(repeating: 1, count: 20)))
        #expect(try await cached.entry(name: "svc", realm: "services")?.id == created.id)
        // A change behind the decorator's back stays invisible until invalidated.
        try await store.rotate(created, secret: OTPSecret(bytes: Array(repeating: 2, count: 20)))
        #expect(try await cached.entry(name: "svc", realm: "services")?.secret.bytes.first == 1)
        await invalidator.entryChanged("cn=svc+ou=services,ou=otp,dc=example,dc=org")
        #expect(try await cached.entry(name: "svc", realm: "services")?.secret.bytes.first == 2)

        try await store.rotate(created, secret: OTPSecret(bytes: Array(repeating: 3, count: 20)))
        await invalidator.entryChanged("cn=services,ou=realms,dc=example,dc=org")
        #expect(try await cached.entry(name: "svc", realm: "services")?.secret.bytes.first == 3)

        let current = try #require(try await cached.entry(name: "svc", realm: "services"))
        try await cached.rotate(current, secret: OTPSecret(bytes: Array(repeating: 4, count: 20)))
        #expect(try await cached.entry(name: "svc", realm: "services")?.secret.bytes.first == 4)
        try await cached.delete(try #require(try await cached.entry(name: "svc", realm: "services")))
        #expect(try await cached.entry(name: "svc", realm: "services") == nil)
    }

    @Test("OTP: a stale cached last step does not refuse a new step, and a used step stays refused")
    func otpStaleLastStep() async throws {
        let (store, cached) = try otpStore()
        let created = try await cached.create(name: "svc", realm: "services", secret: OTPSecret(bytes: Array(repeating: 1, count: 20)))
        let stale = try #require(try await cached.entry(name: "svc", realm: "services"))
        #expect(stale.lastUsedStep == nil)
        // Another instance advances the step; this one still holds the cached entry.
        #expect(try await store.advanceLastUsedStep(of: created, to: 100))
        let cachedCopy = try #require(try await cached.entry(name: "svc", realm: "services"))
        #expect(cachedCopy.lastUsedStep == nil)
        #expect(try await cached.advanceLastUsedStep(of: cachedCopy, to: 101))
        #expect(try await store.entry(name: "svc", realm: "services")?.lastUsedStep == 101)
        // Replays: the same step, and an older one, from a stale copy.
        #expect(try await cached.advanceLastUsedStep(of: cachedCopy, to: 101) == false)
        #expect(try await cached.advanceLastUsedStep(of: cachedCopy, to: 99) == false)
    }
}
