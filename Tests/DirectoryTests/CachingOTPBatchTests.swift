// SPDX-License-Identifier: Apache-2.0

import Caching
import Directory
import Foundation
import OTP
import Synchronization
import TestSupport
import Testing

/// ``CachingOTPEntryStore/entries(for:)``: hits from the cache, the misses in one upstream batch.
@Suite("Caching OTP store: batch reads")
struct CachingOTPBatchTests {
    static let configuration = TTLCacheConfiguration(ttl: .seconds(60), negativeTTL: .seconds(10), jitter: 0, refreshAhead: nil, maxStale: .zero)

    func fixture() async throws -> (CountingOTPEntryStore, CachingOTPEntryStore<ManualClock>, ManualClock) {
        let upstream = CountingOTPEntryStore()
        for name in ["a", "b", "c"] {
            _ = try await upstream.inner.create(name: name, realm: "r", secret: OTPSecret(bytes: Array(repeating: 1, count: 20)))
        }
        let clock = ManualClock()
        return (upstream, CachingOTPEntryStore(upstream, configuration: Self.configuration, clock: clock), clock)
    }

    let a = OTPEntryKey(name: "a", realm: "r")
    let b = OTPEntryKey(name: "b", realm: "r")
    let c = OTPEntryKey(name: "c", realm: "r")
    let missing = OTPEntryKey(name: "x", realm: "r")

    @Test("cold keys are read with one upstream batch and then served from the cache, negative answers too")
    func coldThenWarm() async throws {
        let (upstream, cached, _) = try await fixture()
        let first = try await cached.entries(for: [a, b, missing, a])
        #expect(Set(first.keys) == [a, b])
        #expect(upstream.batchReads.withLock { $0 } == [[a, b, missing]])
        #expect(upstream.singleReads.withLock { $0 } == 0)

        let again = try await cached.entries(for: [a, b, missing])
        #expect(again == first)
        #expect(try await cached.entry(name: "b", realm: "r") == first[b])
        #expect(try await cached.entry(name: "x", realm: "r") == nil)
        #expect(upstream.batchReads.withLock { $0.count } == 1, "hits, including the negative one, make no upstream call")
        #expect(upstream.singleReads.withLock { $0 } == 0)
    }

    @Test("only the keys not yet answered go upstream; a batch of hits makes no call")
    func partialHits() async throws {
        let (upstream, cached, _) = try await fixture()
        _ = try await cached.entry(name: "a", realm: "r")
        #expect(upstream.singleReads.withLock { $0 } == 1)
        let found = try await cached.entries(for: [a, c])
        #expect(Set(found.keys) == [a, c])
        #expect(upstream.batchReads.withLock { $0 } == [[c]])
        _ = try await cached.entries(for: [c, a])
        #expect(upstream.batchReads.withLock { $0.count } == 1)
        #expect(upstream.singleReads.withLock { $0 } == 1)
    }

    @Test("expiry and invalidation send keys upstream again, and a write through the decorator is seen")
    func expiryAndInvalidation() async throws {
        let (upstream, cached, clock) = try await fixture()
        _ = try await cached.entries(for: [a, b])
        clock.advance(by: .seconds(61))
        _ = try await cached.entries(for: [a, b])
        #expect(upstream.batchReads.withLock { $0 } == [[a, b], [a, b]])

        let entry = try #require(try await cached.entries(for: [a])[a])
        try await cached.rotate(entry, secret: OTPSecret(bytes: Array(repeating: 9, count: 20)))
        let after = try await cached.entries(for: [a, b])
        #expect(after[a]?.secret.bytes.first == 9)
        // Only the invalidated key goes upstream: b is still a hit.
        #expect(upstream.batchReads.withLock { $0.last } == [a])
        #expect(upstream.batchReads.withLock { $0.count } == 3)

        try await cached.delete(try #require(after[b]))
        #expect(try await cached.entries(for: [a, b])[b] == nil)
    }

    @Test("the in-memory store's batch read answers as its single reads")
    func inMemory() async throws {
        let store = InMemoryOTPEntryStore()
        let created = try await store.create(name: "svc", realm: "r", secret: OTPSecret(bytes: Array(repeating: 1, count: 20)))
        let keys = [OTPEntryKey(name: "svc", realm: "r"), OTPEntryKey(name: "SVC", realm: "r"), OTPEntryKey(name: "svc", realm: "other")]
        let found = try await store.entries(for: keys)
        for key in keys { #expect(found[key] == (try await store.entry(name: key.name, realm: key.realm))) }
        #expect(found[keys[0]]?.id == created.id)
    }
}
