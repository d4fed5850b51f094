// SPDX-License-Identifier: Apache-2.0

import Caching
import TestSupport
import Testing

@Suite("TTLCache: refresh-ahead")
struct RefreshAheadTests {
    typealias Cache = TTLCache<String, Int, ManualClock>

    @Test("a hit late in the entry's life serves the old value, starts one background refresh, and the next read sees the new value")
    func refreshAhead() async throws {
        let clock = ManualClock()
        let loader = GatedLoader()
        let cache = Cache(configuration: .init(ttl: .seconds(100), jitter: 0, refreshAhead: 0.8), clock: clock, loader: loader.load)
        var starts = loader.started.makeAsyncIterator()

        async let first = cache.value(for: "alice")
        _ = await starts.next()
        loader.release(with: .success(1))
        #expect(try await first == 1)

        clock.advance(by: .seconds(80) - .nanoseconds(1))
        #expect(try await cache.value(for: "alice") == 1)
        #expect(cache.statistics.refreshes == 0)

        clock.advance(by: .nanoseconds(1))  // 80 % of the lifetime
        #expect(try await cache.value(for: "alice") == 1)  // served at once, not waiting for the refresh
        #expect(await starts.next() == "alice")  // the background refresh is running
        clock.advance(by: .seconds(1))
        #expect(try await cache.value(for: "alice") == 1)  // still the old value; no second refresh
        #expect(loader.calls == 2)
        #expect(cache.statistics.refreshes == 1)

        loader.release(with: .success(2))
        await cache.waitForPendingLoads()
        #expect(try await cache.value(for: "alice") == 2)
        // The refreshed entry lives a full TTL from the refresh (t = 81 s), and refreshes again
        // only after 80 % of that: at t = 160 s it is a plain hit.
        #expect(cache.expiry(for: "alice") == .init(offset: .seconds(181)))
        clock.advance(by: .seconds(79))
        #expect(try await cache.value(for: "alice") == 2)
        let statistics = cache.statistics
        #expect(statistics.hits == 5)
        #expect(statistics.misses == 1)
        #expect(statistics.loads == 2)
        #expect(loader.calls == 2)
    }

    @Test("a failed refresh keeps serving the old value until expiry and is not retried on every hit")
    func failedRefresh() async throws {
        let clock = ManualClock()
        let loader = ScriptedLoader()
        loader.answer("alice", with: .success(1))
        let cache = Cache(configuration: .init(ttl: .seconds(100), jitter: 0, refreshAhead: 0.5), clock: clock, loader: loader.load)
        _ = try await cache.value(for: "alice")
        loader.answer("alice", with: .failure(.init(message: "directory down")))
        clock.advance(by: .seconds(60))
        #expect(try await cache.value(for: "alice") == 1)
        await cache.waitForPendingLoads()
        #expect(try await cache.value(for: "alice") == 1)
        #expect(try await cache.value(for: "alice") == 1)
        #expect(loader.calls("alice") == 2)
        let statistics = cache.statistics
        #expect(statistics.refreshes == 1)
        #expect(statistics.loaderErrors == 1)
    }

    @Test("not-found entries are not refreshed ahead")
    func negativeNotRefreshed() async throws {
        let clock = ManualClock()
        let loader = ScriptedLoader()
        let cache = Cache(configuration: .init(negativeTTL: .seconds(10), jitter: 0, refreshAhead: 0.5), clock: clock, loader: loader.load)
        _ = try await cache.value(for: "ghost")
        clock.advance(by: .seconds(9))
        _ = try await cache.value(for: "ghost")
        await cache.waitForPendingLoads()
        #expect(loader.calls("ghost") == 1)
        #expect(cache.statistics.refreshes == 0)
    }
}
