// SPDX-License-Identifier: Apache-2.0

@testable import Caching
import TestSupport
import Testing

@Suite("TTLCache: size bound with least-recently-used eviction")
struct LRUTests {
    typealias Cache = TTLCache<String, Int, ManualClock>

    @Test("the least recently used entry is evicted, where a hit counts as a use")
    func evictsLeastRecentlyUsed() async throws {
        let loader = ScriptedLoader()
        for (index, key) in ["a", "b", "c", "d"].enumerated() { loader.answer(key, with: .success(index)) }
        let cache = Cache(configuration: .init(ttl: .seconds(60), maxEntries: 3), clock: ManualClock(), loader: loader.load)

        _ = try await cache.value(for: "a")
        _ = try await cache.value(for: "b")
        _ = try await cache.value(for: "c")
        _ = try await cache.value(for: "a")  // a is now more recent than b and c
        #expect(cache.keysByRecency == ["a", "c", "b"])

        _ = try await cache.value(for: "d")  // evicts b, the least recently used
        #expect(cache.count == 3)
        #expect(cache.keysByRecency == ["d", "a", "c"])
        #expect(cache.statistics.evictions == 1)

        _ = try await cache.value(for: "a")
        _ = try await cache.value(for: "c")
        _ = try await cache.value(for: "d")
        #expect(loader.totalCalls == 4)  // a, c and d were still cached
        _ = try await cache.value(for: "b")  // b was evicted: a new load, evicting a
        #expect(loader.calls("b") == 2)
        #expect(cache.keysByRecency == ["b", "d", "c"])
        #expect(cache.statistics.evictions == 2)
    }

    @Test("LRUOrder keeps its links consistent through touches and removals")
    func orderBookkeeping() {
        var order = LRUOrder<Int, String>()
        for key in 1...5 { order.insert("\(key)", for: key) }
        #expect(order.keysNewestFirst == [5, 4, 3, 2, 1])
        #expect(order.touch(3) == "3")
        #expect(order.touch(1) == "1")
        #expect(order.keysNewestFirst == [1, 3, 5, 4, 2])
        order.remove(2)
        order.remove(1)
        order.remove(42)
        #expect(order.keysNewestFirst == [3, 5, 4])
        #expect(order.oldest == 4)
        #expect(order.newest == 3)
        order.remove(5)
        #expect(order.keysNewestFirst == [3, 4])
        #expect(order.isConsistent)
        order.removeAll()
        #expect(order.count == 0)
        #expect(order.oldest == nil)
        #expect(order.isConsistent)
    }
}

extension LRUTests {
    @Test("after many hits in a random order, eviction takes exactly the least recently used keys")
    func evictionOrderAfterManyTouches() async throws {
        let loader = ScriptedLoader()
        let keys = (0..<8).map { "k\($0)" }
        for key in keys + ["n0", "n1", "n2"] { loader.answer(key, with: .success(1)) }
        let cache = Cache(configuration: .init(ttl: .seconds(60), maxEntries: 8, refreshAhead: nil), clock: ManualClock(), loader: loader.load)
        var model: [String] = []  // newest first
        for key in keys {
            _ = try await cache.value(for: key)
            model.insert(key, at: 0)
        }
        var random = SplitMix64(seed: 11)
        for _ in 0..<500 {
            let key = keys[Int(random.next() % UInt64(keys.count))]
            _ = try await cache.value(for: key)
            model.removeAll { $0 == key }
            model.insert(key, at: 0)
        }
        #expect(cache.keysByRecency == model)
        #expect(loader.totalCalls == keys.count)  // every touch was a hit

        for newKey in ["n0", "n1", "n2"] {
            let victim = try #require(model.last)
            _ = try await cache.value(for: newKey)
            model.removeLast()
            model.insert(newKey, at: 0)
            #expect(cache.expiry(for: victim) == nil, "evicted \(victim)")
            #expect(cache.keysByRecency == model)
        }
        #expect(cache.statistics.evictions == 3)
        #expect(cache.count == 8)
        #expect(cache.isConsistent)
    }

    @Test("invalidating the oldest, newest and a middle key keeps the order and the bound right")
    func invalidationPositions() async throws {
        let loader = ScriptedLoader()
        for key in ["a", "b", "c", "d", "e", "f", "g", "h"] { loader.answer(key, with: .success(1)) }
        let cache = Cache(configuration: .init(ttl: .seconds(60), maxEntries: 5), clock: ManualClock(), loader: loader.load)
        for key in ["a", "b", "c", "d", "e"] { _ = try await cache.value(for: key) }
        #expect(cache.keysByRecency == ["e", "d", "c", "b", "a"])

        cache.invalidate("a")  // oldest
        #expect(cache.keysByRecency == ["e", "d", "c", "b"])
        cache.invalidate("e")  // newest
        #expect(cache.keysByRecency == ["d", "c", "b"])
        cache.invalidate("c")  // middle
        #expect(cache.keysByRecency == ["d", "b"])
        #expect(cache.count == 2)
        #expect(cache.isConsistent)

        // The freed slots are refilled; the bound counts entries, not slots.
        for key in ["f", "g", "h"] { _ = try await cache.value(for: key) }
        #expect(cache.keysByRecency == ["h", "g", "f", "d", "b"])
        #expect(cache.statistics.evictions == 0)
        _ = try await cache.value(for: "a")  // a 6th entry: evicts b, the oldest
        #expect(cache.keysByRecency == ["a", "h", "g", "f", "d"])
        #expect(cache.statistics.evictions == 1)
        _ = try await cache.value(for: "d")  // still cached: a hit
        #expect(loader.calls("d") == 1)
        #expect(loader.calls("a") == 2)
        #expect(cache.isConsistent)
    }
}
