// SPDX-License-Identifier: Apache-2.0

import Caching
import TestSupport
import Testing

@Suite("TTLCache: explicit invalidation and write-through")
struct InvalidationTests {
    typealias Cache = TTLCache<String, Int, ManualClock>

    static func filledCache(_ loader: ScriptedLoader) async throws -> Cache {
        for key in ["user:alice", "user:bob", "realm:admin"] { loader.answer(key, with: .success(1)) }
        let cache = Cache(configuration: .init(ttl: .seconds(600)), clock: ManualClock(), loader: loader.load)
        for key in ["user:alice", "user:bob", "realm:admin"] { _ = try await cache.value(for: key) }
        return cache
    }

    @Test("invalidating one key makes its next read call the loader; other keys stay cached")
    func oneKey() async throws {
        let loader = ScriptedLoader()
        let cache = try await Self.filledCache(loader)
        loader.answer("user:alice", with: .success(2))
        cache.invalidate("user:alice")
        #expect(try await cache.value(for: "user:alice") == 2)
        _ = try await cache.value(for: "user:bob")
        #expect(loader.calls("user:alice") == 2)
        #expect(loader.calls("user:bob") == 1)
    }

    @Test("invalidateAll empties the cache")
    func all() async throws {
        let loader = ScriptedLoader()
        let cache = try await Self.filledCache(loader)
        cache.invalidateAll()
        #expect(cache.count == 0)
        for key in ["user:alice", "user:bob", "realm:admin"] { _ = try await cache.value(for: key) }
        #expect(loader.totalCalls == 6)
    }

    @Test("invalidate(where:) removes exactly the matching keys")
    func predicate() async throws {
        let loader = ScriptedLoader()
        let cache = try await Self.filledCache(loader)
        cache.invalidate(where: { $0.hasPrefix("user:") })
        #expect(cache.count == 1)
        for key in ["user:alice", "user:bob", "realm:admin"] { _ = try await cache.value(for: key) }
        #expect(loader.calls("user:alice") == 2)
        #expect(loader.calls("user:bob") == 2)
        #expect(loader.calls("realm:admin") == 1)
    }

    @Test("a load in flight during invalidation is not stored: the next read loads again")
    func inFlightDuringInvalidation() async throws {
        let loader = GatedLoader()
        let cache = Cache(configuration: .init(ttl: .seconds(600)), clock: ManualClock(), loader: loader.load)
        var starts = loader.started.makeAsyncIterator()

        async let early = cache.value(for: "alice")
        _ = await starts.next()
        cache.invalidate("alice")  // e.g. a syncrepl change arrived while LDAP was being read
        loader.release(with: .success(1))
        #expect(try await early == 1)  // the waiting caller still gets an answer
        await cache.waitForPendingLoads()
        #expect(cache.count == 0)

        async let late = cache.value(for: "alice")
        _ = await starts.next()
        loader.release(with: .success(2))
        #expect(try await late == 2)
        #expect(loader.calls == 2)
    }

    @Test("store writes through and wins over an older load in flight")
    func storeWinsOverLoad() async throws {
        let loader = GatedLoader()
        let cache = Cache(configuration: .init(ttl: .seconds(600)), clock: ManualClock(), loader: loader.load)
        var starts = loader.started.makeAsyncIterator()
        async let early = cache.value(for: "alice")
        _ = await starts.next()
        cache.store(3, for: "alice")
        loader.release(with: .success(1))
        _ = try await early
        await cache.waitForPendingLoads()
        #expect(try await cache.value(for: "alice") == 3)
        #expect(loader.calls == 1)
    }
}
