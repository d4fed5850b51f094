// SPDX-License-Identifier: Apache-2.0

import Caching
import TestSupport
import Testing

@Suite("TTLCache: values the cache is the home of (read without loading, update in place)")
struct UpdateTests {
    typealias Cache = TTLCache<String, Int, ManualClock>

    static func counters(clock: ManualClock, maxEntries: Int = 100) -> Cache {
        Cache(configuration: .init(ttl: .seconds(60), negativeTTL: .zero, jitter: 0, maxEntries: maxEntries, refreshAhead: nil), clock: clock) { _ in
            Issue.record("a counter cache never loads")
            return nil
        }
    }

    @Test("an update starts from nothing, stores what it made, and a read sees it without loading")
    func updateThenRead() {
        let cache = Self.counters(clock: ManualClock())
        #expect(cache.cachedValue(for: "a") == nil)
        let first = cache.update("a") { value -> Int in
            value = (value ?? 0) + 1
            return value!
        }
        #expect(first == 1)
        #expect(cache.cachedValue(for: "a") == .some(1))
        #expect(cache.statistics.loads == 0)
    }

    @Test("concurrent updates lose no write")
    func concurrent() async {
        let cache = Self.counters(clock: ManualClock())
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<200 {
                group.addTask { cache.update("n") { $0 = ($0 ?? 0) + 1 } }
            }
        }
        #expect(cache.cachedValue(for: "n") == .some(200))
    }

    @Test("an updated value lives one TTL from its last update; nil removes it")
    func lifetime() {
        let clock = ManualClock()
        let cache = Self.counters(clock: clock)
        cache.update("a") { $0 = 1 }
        clock.advance(by: .seconds(59))
        cache.update("a") { $0 = ($0 ?? 0) + 1 }
        clock.advance(by: .seconds(59))
        #expect(cache.cachedValue(for: "a") == .some(2))
        clock.advance(by: .seconds(2))
        #expect(cache.cachedValue(for: "a") == nil)
        #expect(cache.update("a") { value -> Int? in value } == nil, "an expired value is not handed to the update")
        cache.update("b") { $0 = 5 }
        cache.update("b") { $0 = nil }
        #expect(cache.cachedValue(for: "b") == nil && cache.count == 0)
    }

    @Test("updates respect the bound: the least recently touched go first")
    func bounded() {
        let cache = Self.counters(clock: ManualClock(), maxEntries: 3)
        for key in ["a", "b", "c", "d", "e"] { cache.update(key) { $0 = 1 } }
        #expect(cache.count == 3)
        #expect(cache.cachedValue(for: "a") == nil && cache.cachedValue(for: "e") == .some(1))
    }
}
