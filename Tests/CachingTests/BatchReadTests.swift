// SPDX-License-Identifier: Apache-2.0

import Caching
import TestSupport
import Testing

@Suite("TTLCache: batch reads (values(for:loadingMissing:))")
struct BatchReadTests {
    typealias Cache = TTLCache<String, Int, ManualClock>

    static let configuration = TTLCacheConfiguration(ttl: .seconds(60), negativeTTL: .seconds(10), jitter: 0, refreshAhead: nil)

    @Test("N misses make one batch loader call; found values are hits afterwards, for single reads too")
    func oneCallForMisses() async throws {
        let single = ScriptedLoader()
        let batch = ScriptedBatchLoader()
        for (key, value) in [("a", 1), ("b", 2), ("c", 3)] { batch.answer(key, with: value) }
        let cache = Cache(configuration: Self.configuration, clock: ManualClock(), loader: single.load)

        let values = try await cache.values(for: ["a", "b", "c", "a"], loadingMissing: batch.load)
        #expect(values == ["a": 1, "b": 2, "c": 3])
        #expect(batch.calls == [["a", "b", "c"]], "one call, distinct keys in the order given")
        var statistics = cache.statistics
        #expect(statistics.misses == 3)
        #expect(statistics.loads == 3, "loads counts keys loaded")
        #expect(statistics.hits == 0)
        #expect(statistics.coalescedWaits == 0)

        #expect(try await cache.value(for: "b") == 2)
        #expect(try await cache.values(for: ["c", "a"], loadingMissing: batch.load) == ["a": 1, "c": 3])
        #expect(batch.calls.count == 1)
        #expect(single.totalCalls == 0)
        statistics = cache.statistics
        #expect(statistics.hits == 3)
        #expect(statistics.loads == 3)
    }

    @Test("hits are not reloaded: only the missing keys go to the batch loader, and all hits make no call")
    func hitsNotReloaded() async throws {
        let single = ScriptedLoader()
        single.answer("a", with: .success(10))
        let batch = ScriptedBatchLoader()
        batch.answer("b", with: 2)
        batch.answer("a", with: 99)
        let cache = Cache(configuration: Self.configuration, clock: ManualClock(), loader: single.load)
        #expect(try await cache.value(for: "a") == 10)

        #expect(try await cache.values(for: ["a", "b"], loadingMissing: batch.load) == ["a": 10, "b": 2])
        #expect(batch.calls == [["b"]])
        #expect(try await cache.values(for: ["b", "a"], loadingMissing: batch.load) == ["a": 10, "b": 2])
        #expect(try await cache.values(for: [String](), loadingMissing: batch.load).isEmpty)
        #expect(batch.calls == [["b"]], "a batch of hits (or of nothing) makes no call")
        #expect(single.calls("a") == 1)
        #expect(cache.statistics.hits == 3)
    }

    @Test("keys the batch loader leaves out are cached as not found for negativeTTL; keys it was not asked for are not stored")
    func negativeCaching() async throws {
        let clock = ManualClock()
        let batch = ScriptedBatchLoader()
        batch.answer("a", with: 1)
        batch.answer("extra", with: 7)
        let cache = Cache(configuration: Self.configuration, clock: clock, loader: ScriptedLoader().load)

        #expect(try await cache.values(for: ["a", "x"], loadingMissing: batch.load) == ["a": 1])
        #expect(cache.expiry(for: "x") == clock.now.advanced(by: .seconds(10)))
        #expect(cache.expiry(for: "a") == clock.now.advanced(by: .seconds(60)))
        #expect(cache.expiry(for: "extra") == nil)
        #expect(cache.count == 2)

        clock.advance(by: .seconds(9))
        #expect(try await cache.values(for: ["x", "a"], loadingMissing: batch.load) == ["a": 1])
        #expect(batch.calls == [["a", "x"]], "the negative answer is a hit")
        clock.advance(by: .seconds(1))
        batch.answer("x", with: 5)
        #expect(try await cache.values(for: ["x", "a"], loadingMissing: batch.load) == ["a": 1, "x": 5])
        #expect(batch.calls == [["a", "x"], ["x"]])
    }

    @Test("a batch joins a single load in flight for one of its keys and loads only the others")
    func joinsSingleLoad() async throws {
        let single = GatedLoader()
        let batch = ScriptedBatchLoader()
        batch.answer("a", with: 99)
        batch.answer("b", with: 2)
        let cache = Cache(configuration: Self.configuration, clock: ManualClock(), loader: single.load)
        var starts = single.started.makeAsyncIterator()

        async let early = cache.value(for: "a")
        #expect(await starts.next() == "a")
        async let both = cache.values(for: ["a", "b"], loadingMissing: batch.load)
        await yieldUntil("the batch joined") { cache.statistics.coalescedWaits == 1 }
        single.release(with: .success(1))
        #expect(try await early == 1)
        #expect(try await both == ["a": 1, "b": 2])
        #expect(batch.calls == [["b"]])
        #expect(single.calls == 1)
        let statistics = cache.statistics
        #expect(statistics.misses == 3)
        #expect(statistics.loads == 2)
        #expect(try await cache.value(for: "a") == 1)
    }

    @Test("single reads and other batches join a batch load in flight; its answers are stored when it ends")
    func othersJoinBatch() async throws {
        let single = ScriptedLoader()
        let batch = GatedBatchLoader()
        let cache = Cache(configuration: Self.configuration, clock: ManualClock(), loader: single.load)
        var starts = batch.started.makeAsyncIterator()

        async let first = cache.values(for: ["a", "b", "x"], loadingMissing: batch.load)
        #expect(await starts.next() == ["a", "b", "x"])
        async let joinedSingle = cache.value(for: "b")
        async let joinedBatch = cache.values(for: ["x", "a"], loadingMissing: batch.load)
        await yieldUntil("3 joined") { cache.statistics.coalescedWaits == 3 }
        #expect(batch.release(with: .success(["a": 1, "b": 2])))

        #expect(try await first == ["a": 1, "b": 2])
        #expect(try await joinedSingle == 2)
        #expect(try await joinedBatch == ["a": 1])
        #expect(batch.calls.count == 1)
        #expect(single.totalCalls == 0)
        #expect(cache.count == 3)
        #expect(try await cache.value(for: "x") == nil)
        #expect(single.totalCalls == 0, "x's negative answer was stored")
    }

    @Test("invalidating a key during the batch load detaches it for that key only: waiters get the answer, it is not stored")
    func invalidationDuringBatch() async throws {
        let single = ScriptedLoader()
        single.answer("a", with: .success(5))
        let batch = GatedBatchLoader()
        let cache = Cache(configuration: Self.configuration, clock: ManualClock(), loader: single.load)
        var starts = batch.started.makeAsyncIterator()

        async let first = cache.values(for: ["a", "b"], loadingMissing: batch.load)
        #expect(await starts.next() == ["a", "b"])
        async let joined = cache.value(for: "a")
        await yieldUntil("a's single read joined") { cache.statistics.coalescedWaits == 1 }
        cache.invalidate("a")  // e.g. a syncrepl change arrived while LDAP was being read
        // A read after the invalidation does not join the detached batch: it loads anew.
        #expect(try await cache.value(for: "a") == 5)
        #expect(single.calls("a") == 1)

        batch.release(with: .success(["a": 1, "b": 2]))
        #expect(try await first == ["a": 1, "b": 2])
        #expect(try await joined == 1, "reads waiting before the invalidation still get the batch's answer")
        await cache.waitForPendingLoads()
        #expect(try await cache.value(for: "a") == 5, "the detached answer did not replace the newer one")
        #expect(try await cache.value(for: "b") == 2)
        #expect(single.calls("a") == 1)
        #expect(single.calls("b") == 0)
    }

    @Test("invalidateAll during the batch load stores none of its answers")
    func invalidateAllDuringBatch() async throws {
        let batch = GatedBatchLoader()
        let cache = Cache(configuration: Self.configuration, clock: ManualClock(), loader: ScriptedLoader().load)
        var starts = batch.started.makeAsyncIterator()
        async let first = cache.values(for: ["a", "b"], loadingMissing: batch.load)
        _ = await starts.next()
        cache.invalidateAll()
        batch.release(with: .success(["a": 1, "b": 2]))
        #expect(try await first == ["a": 1, "b": 2])
        await cache.waitForPendingLoads()
        #expect(cache.count == 0)
    }

    @Test("a failed batch serves each key stale when it may, and throws for a key that may not")
    func staleIfErrorPerKey() async throws {
        let clock = ManualClock()
        let batch = ScriptedBatchLoader()
        batch.answer("a", with: 1)
        batch.answer("b", with: 2)
        let cache = Cache(
            configuration: .init(ttl: .seconds(10), jitter: 0, refreshAhead: nil, maxStale: .seconds(30)),
            clock: clock,
            loader: ScriptedLoader().load
        )
        _ = try await cache.values(for: ["a"], loadingMissing: batch.load)  // a expires at 10 s, servable stale until 40 s
        clock.advance(to: .init(offset: .seconds(25)))
        _ = try await cache.values(for: ["b"], loadingMissing: batch.load)  // b expires at 35 s, servable stale until 65 s
        batch.fail(with: .init(message: "ldap down"))

        clock.advance(to: .init(offset: .seconds(36)))
        #expect(try await cache.values(for: ["a", "b"], loadingMissing: batch.load) == ["a": 1, "b": 2])
        var statistics = cache.statistics
        #expect(statistics.staleServes == 2)
        #expect(statistics.loaderErrors == 2, "per key")
        #expect(batch.calls.last == ["a", "b"])

        clock.advance(to: .init(offset: .seconds(40)))
        await #expect(throws: ScriptedLoader.Failure(message: "ldap down")) {
            try await cache.values(for: ["b", "a"], loadingMissing: batch.load)
        }
        #expect(try await cache.values(for: ["b"], loadingMissing: batch.load) == ["b": 2])
        await #expect(throws: ScriptedLoader.Failure(message: "ldap down")) {
            try await cache.values(for: ["c"], loadingMissing: batch.load)
        }
        statistics = cache.statistics
        #expect(statistics.staleServes == 4, "b at 36 s and 40 s (twice), a at 36 s")
        #expect(cache.expiry(for: "a") == nil, "a was dropped once past its allowance")

        batch.fail(with: nil)
        batch.answer("a", with: 3)
        #expect(try await cache.values(for: ["a", "b"], loadingMissing: batch.load) == ["a": 3, "b": 2])
        #expect(try await cache.value(for: "b") == 2)
        #expect(cache.statistics.hits == 1, "the recovered batch stored both")
    }
}
