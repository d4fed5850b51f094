// SPDX-License-Identifier: Apache-2.0

@testable import Caching
import TestSupport
import Testing

@Suite("TTLCache: concurrent access")
struct ConcurrentAccessTests {
    typealias Cache = TTLCache<String, Int, ManualClock>

    @Test("1,000 concurrent reads with interleaved invalidations keep count, recency list and statistics consistent")
    func hitsAndInvalidations() async throws {
        let loader = ScriptedLoader()
        let keys = (0..<12).map { "user\($0)" }
        for (index, key) in keys.enumerated() { loader.answer(key, with: .success(index)) }
        let cache = Cache(configuration: .init(ttl: .seconds(600), maxEntries: 10, refreshAhead: nil), clock: ManualClock(), loader: loader.load)
        for key in keys.prefix(10) { _ = try await cache.value(for: key) }
        #expect(cache.statistics.misses == 10)

        let reads = 1_000
        let wrong = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<reads {
                group.addTask {
                    let keyIndex = index % keys.count
                    return try await cache.value(for: keys[keyIndex]) == keyIndex ? 0 : 1
                }
                if index.isMultiple(of: 50) {
                    group.addTask {
                        switch index / 50 % 4 {
                        case 0: cache.invalidate(keys[index % keys.count])
                        case 1: cache.invalidate { $0.hasSuffix("1") }
                        case 2: cache.invalidateAll()
                        default: cache.purgeExpired()
                        }
                        return 0
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(wrong == 0)
        await cache.waitForPendingLoads()

        let statistics = cache.statistics
        #expect(statistics.hits + statistics.misses == reads + 10)
        #expect(statistics.misses == statistics.loads + statistics.coalescedWaits)  // no refreshes
        #expect(statistics.loads == loader.totalCalls)
        #expect(statistics.loaderErrors == 0)
        #expect(statistics.refreshes == 0)
        let recency = cache.keysByRecency
        #expect(cache.count == recency.count)
        #expect(Set(recency).count == recency.count)
        #expect(cache.count <= 10)
        #expect(cache.isConsistent)
        // Whatever survived is still served from the cache with the right value.
        let callsBefore = loader.totalCalls
        for key in recency { #expect(try await cache.value(for: key) == keys.firstIndex(of: key)) }
        #expect(loader.totalCalls == callsBefore)
    }
}
