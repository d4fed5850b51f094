@testable import Caching
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
        #expect(await cache.keysByRecency == ["a", "c", "b"])

        _ = try await cache.value(for: "d")  // evicts b, the least recently used
        #expect(await cache.count == 3)
        #expect(await cache.keysByRecency == ["d", "a", "c"])
        #expect(await cache.statistics.evictions == 1)

        _ = try await cache.value(for: "a")
        _ = try await cache.value(for: "c")
        _ = try await cache.value(for: "d")
        #expect(loader.totalCalls == 4)  // a, c and d were still cached
        _ = try await cache.value(for: "b")  // b was evicted: a new load, evicting a
        #expect(loader.calls("b") == 2)
        #expect(await cache.keysByRecency == ["b", "d", "c"])
        #expect(await cache.statistics.evictions == 2)
    }

    @Test("LRUOrder keeps its links consistent through touches and removals")
    func orderBookkeeping() {
        var order = LRUOrder<Int>()
        for key in 1...5 { order.touch(key) }
        #expect(order.keysNewestFirst == [5, 4, 3, 2, 1])
        order.touch(3)
        order.touch(1)
        #expect(order.keysNewestFirst == [1, 3, 5, 4, 2])
        order.remove(2)
        order.remove(1)
        order.remove(42)
        #expect(order.keysNewestFirst == [3, 5, 4])
        #expect(order.oldest == 4)
        #expect(order.newest == 3)
        order.remove(5)
        #expect(order.keysNewestFirst == [3, 4])
        order.removeAll()
        #expect(order.count == 0)
        #expect(order.oldest == nil)
    }
}
