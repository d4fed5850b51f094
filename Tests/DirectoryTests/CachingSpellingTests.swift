// SPDX-License-Identifier: Apache-2.0

import Caching
import Directory
import Logging
import OTP
import Synchronization
import TestSupport
import Testing

/// The caching decorators key on principals, not on spellings: `DEMO@SERVICES` and
/// `demo@services` are one cache entry, loaded once, and the change feed's spelling of the DN
/// finds it. Usernames are exact (only the stored spelling is a user), so another spelling
/// of one is its own (negative) entry, which a change of the person still removes.
@Suite("Caching decorators: one entry per principal")
struct CachingSpellingTests {
    let layout = DirectoryLayout(baseDN: "dc=example,dc=org")

    func cachedOTP() async throws -> (CountingOTPEntryStore, CachingOTPEntryStore<ManualClock>, DirectoryCacheInvalidator) {
        let upstream = CountingOTPEntryStore()
        _ = try await upstream.inner.create(name: "demo-service", realm: "services", secret: .random())
        let cached = CachingOTPEntryStore(upstream, configuration: CachingDecoratorTests.configuration, clock: ManualClock())
        return (upstream, cached, DirectoryCacheInvalidator(layout: layout, caches: [cached], logger: Logger(label: "test")))
    }

    @Test("DEMO and demo share one OTP cache entry: one load, one entry, the same answer")
    func oneOTPEntry() async throws {
        let (upstream, cached, _) = try await cachedOTP()
        let first = try #require(try await cached.entry(name: "demo-service", realm: "services"))
        for (name, realm) in [("DEMO-SERVICE", "SERVICES"), ("Demo-Service", "services"), ("ｄｅｍｏ-service", "Services"), ("demo-service", " services ")] {
            #expect(try await cached.entry(name: name, realm: realm) == first, "\(name)@\(realm)")
        }
        let batchKey = OTPEntryKey(name: "DEMO-service", realm: "SERVICES")
        #expect(try await cached.entries(for: [batchKey])[batchKey] == first)
        #expect(upstream.singleReads.withLock { $0 } == 1)
        #expect(upstream.batchReads.withLock { $0 }.isEmpty, "the batch was served from the cache")
        #expect(cached.cache.count == 1)
    }

    @Test("a batch asking for two spellings of one entry asks upstream once and answers both")
    func batchOfSpellings() async throws {
        let (upstream, cached, _) = try await cachedOTP()
        let lower = OTPEntryKey(name: "demo-service", realm: "services")
        let upper = OTPEntryKey(name: "DEMO-SERVICE", realm: "SERVICES")
        let found = try await cached.entries(for: [lower, upper])
        #expect(found[lower] != nil && found[upper] == found[lower])
        #expect(upstream.batchReads.withLock { $0 }.map(\.count) == [1])
        #expect(cached.cache.count == 1)
    }

    @Test("the change feed's spelling of an OTP entry, or of its realm, invalidates the entry cached in another")
    func changeFeedFindsEverySpelling() async throws {
        let (upstream, cached, invalidator) = try await cachedOTP()
        let changes = [
            "cn=Demo-Service+ou=SERVICES,ou=otp,dc=example,dc=org", "cn=SERVICES,ou=realms,dc=example,dc=org",
            "CN=demo-service+OU=services,OU=OTP,DC=example,DC=org",
        ]
        for (index, dn) in changes.enumerated() {
            _ = try await cached.entry(name: "DEMO-SERVICE", realm: "Services")
            #expect(cached.cache.count == 1)
            await invalidator.entryChanged(dn)
            #expect(cached.cache.count == 0, "\(dn)")
            _ = try await cached.entry(name: "demo-service", realm: "services")
            #expect(upstream.singleReads.withLock { $0 } == index + 2, "\(dn)")
        }
    }

    @Test("a write through the decorator invalidates the entry cached in another spelling")
    func writeInvalidatesEverySpelling() async throws {
        let (_, cached, _) = try await cachedOTP()
        let entry = try #require(try await cached.entry(name: "DEMO-SERVICE", realm: "SERVICES"))
        #expect(try await cached.advanceLastUsedStep(of: entry, to: 42))
        #expect(try await cached.entry(name: "Demo-Service", realm: "services")?.lastUsedStep == 42)
    }

    @Test("capabilities of ungleich-ADMIN and ungleich-admin are one cache entry; a realm change in any spelling forgets it")
    func oneCapabilityEntry() async throws {
        let upstream = CachingDecoratorTests.CountingDirectory(InMemoryDirectory(capabilities: ["ungleich-admin": [.list, .create]]))
        let cached = CachingMembershipDirectory(upstream, configuration: CachingDecoratorTests.configuration, clock: ManualClock())
        let invalidator = DirectoryCacheInvalidator(layout: layout, caches: [cached], logger: Logger(label: "test"))
        for realm in ["ungleich-admin", "ungleich-ADMIN", "UNGLEICH-ADMIN", "ｕｎｇｌｅｉｃｈ-admin"] {
            #expect(try await cached.capabilities(ofRealm: realm) == [.list, .create], "\(realm)")
        }
        #expect(upstream.calls.withLock { $0 } == 1)
        #expect(cached.capabilities.count == 1)
        await invalidator.entryChanged("cn=Ungleich-Admin,ou=realms,dc=example,dc=org")
        #expect(cached.capabilities.count == 0)
    }

    @Test("usernames are exact: ALICE is an unknown user cached apart from alice, and a change of uid=alice forgets both")
    func usernamesStayExact() async throws {
        let directory = InMemoryDirectory()
        directory.setUser("alice", .init(keys: [], groups: ["developers"]))
        let upstream = CachingDecoratorTests.CountingDirectory(directory)
        let keys = CachingPublicKeyDirectory(upstream, configuration: CachingDecoratorTests.configuration, clock: ManualClock())
        let memberships = CachingMembershipDirectory(upstream, configuration: CachingDecoratorTests.configuration, clock: ManualClock())
        let invalidator = DirectoryCacheInvalidator(layout: layout, caches: [keys, memberships], logger: Logger(label: "test"))
        #expect(try await memberships.memberships(ofUser: "alice")?.groups == ["developers"])
        #expect(try await memberships.memberships(ofUser: "ALICE") == nil)
        #expect(try await keys.publicKeys(forUser: "alice") == [])
        #expect(try await keys.publicKeys(forUser: "Alice") == nil)
        #expect(try await memberships.memberships(ofUser: "alice")?.groups == ["developers"], "ALICE's answer is not alice's")
        #expect(memberships.memberships.count == 2 && keys.cache.count == 2)
        await invalidator.entryChanged("uid=alice,ou=people,dc=example,dc=org")
        #expect(memberships.memberships.count == 0 && keys.cache.count == 0)
    }
}
