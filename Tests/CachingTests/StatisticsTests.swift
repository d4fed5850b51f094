// SPDX-License-Identifier: Apache-2.0

import Caching
import TestSupport
import Testing

@Suite("TTLCache: statistics")
struct StatisticsTests {
    @Test("one scenario moves every counter by the expected amount")
    func scenario() async throws {
        let clock = ManualClock()
        let loader = ScriptedLoader()
        loader.answer("a", with: .success(1))
        loader.answer("b", with: .success(2))
        let cache = TTLCache<String, Int, ManualClock>(
            configuration: .init(ttl: .seconds(10), negativeTTL: .seconds(5), jitter: 0, maxEntries: 2, refreshAhead: 0.5, maxStale: .seconds(100)),
            clock: clock,
            loader: loader.load
        )
        #expect(cache.statistics == TTLCacheStatistics())

        _ = try await cache.value(for: "a")  // miss, load
        _ = try await cache.value(for: "a")  // hit
        _ = try await cache.value(for: "none")  // miss, load, negative entry (2 entries: no eviction)
        _ = try await cache.value(for: "b")  // miss, load; evicts "a"
        clock.advance(by: .seconds(6))
        _ = try await cache.value(for: "b")  // hit after 50 %: refresh
        await cache.waitForPendingLoads()
        loader.answer("b", with: .failure(.init(message: "down")))
        clock.advance(by: .seconds(20))
        _ = try await cache.value(for: "b")  // miss, load fails, stale serve

        var expected = TTLCacheStatistics()
        expected.hits = 2
        expected.misses = 4
        expected.coalescedWaits = 0
        expected.staleServes = 1
        expected.refreshes = 1
        expected.evictions = 1  // "a" (least recently used) when "b" arrived; expired "none" is kept for maxStale
        expected.loaderErrors = 1
        expected.loads = 5
        #expect(cache.statistics == expected)
        #expect(loader.totalCalls == 5)
    }
}
