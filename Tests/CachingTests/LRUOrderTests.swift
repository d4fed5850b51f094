// SPDX-License-Identifier: Apache-2.0

@testable import Caching
import TestSupport
import Testing

@Suite("LRUOrder: index-based recency list")
struct LRUOrderTests {
    @Test("slots of removed elements are reused before the slot array grows")
    func slotReuse() {
        var order = LRUOrder<String, Int>()
        for (index, key) in ["a", "b", "c", "d", "e", "f", "g", "h"].enumerated() { order.insert(index, for: key) }
        #expect(order.slotCount == 8)
        order.remove("a")  // oldest
        order.remove("h")  // newest
        order.remove("d")  // middle
        #expect(order.count == 5)
        #expect(order.slotCount == 8)
        #expect(order.keysNewestFirst == ["g", "f", "e", "c", "b"])
        #expect(order.isConsistent)

        for key in ["x", "y", "z"] { order.insert(0, for: key) }
        #expect(order.slotCount == 8)  // the three freed slots, no new ones
        #expect(order.count == 8)
        #expect(order.keysNewestFirst == ["z", "y", "x", "g", "f", "e", "c", "b"])
        #expect(order.isConsistent)

        order.insert(9, for: "w")
        #expect(order.slotCount == 9)  // no free slot left: the array grows
        // A reused slot holds its new element, not the removed one.
        #expect(order.slot(of: "x").flatMap { order.element(inSlot: $0) } == 0)
        #expect(order.slot(of: "a") == nil)
        #expect(order.isConsistent)
    }

    @Test("inserting an existing key replaces its element and makes it the newest, without a new slot")
    func replaceExisting() {
        var order = LRUOrder<String, Int>()
        for key in ["a", "b", "c"] { order.insert(1, for: key) }
        order.insert(2, for: "a")
        #expect(order.count == 3)
        #expect(order.slotCount == 3)
        #expect(order.keysNewestFirst == ["a", "c", "b"])
        #expect(order.touch("a") == 2)
        #expect(order.touch("missing") == nil)
        #expect(order.isConsistent)
    }

    @Test("removing the only element, the oldest or the newest leaves the ends right")
    func ends() {
        var order = LRUOrder<Int, Int>()
        order.insert(1, for: 1)
        order.remove(1)
        #expect(order.newest == nil && order.oldest == nil && order.count == 0)
        #expect(order.removeOldest() == nil)
        for key in 1...4 { order.insert(key, for: key) }
        #expect(order.removeOldest() == 1)
        #expect(order.oldest == 2)
        order.remove(4)
        #expect(order.newest == 3)
        order.touch(2)
        #expect(order.keysNewestFirst == [2, 3])
        #expect(order.oldest == 3)
        #expect(order.isConsistent)
    }

    @Test("removeAll(where:) removes exactly the matching elements and frees their slots")
    func removeWhere() {
        var order = LRUOrder<Int, Int>()
        for key in 0..<10 { order.insert(key * 10, for: key) }
        let removed = order.removeAll { key, element in key.isMultiple(of: 3) && element == key * 10 }
        #expect(removed == 4)
        #expect(order.keysNewestFirst == [8, 7, 5, 4, 2, 1])
        #expect(order.isConsistent)
        for key in 20..<24 { order.insert(0, for: key) }
        #expect(order.slotCount == 10)
        #expect(order.isConsistent)
    }

    @Test("a long random mix of inserts, touches and removals matches a simple model")
    func randomAgainstModel() {
        var order = LRUOrder<Int, Int>()
        var model: [Int] = []  // keys, newest first
        var random = SplitMix64(seed: 7)
        var peak = 0
        for step in 0..<5_000 {
            let key = Int(random.next() % 40)
            switch random.next() % 4 {
            case 0, 1:
                order.insert(step, for: key)
                model.removeAll { $0 == key }
                model.insert(key, at: 0)
            case 2:
                let touched = order.touch(key)
                #expect((touched != nil) == model.contains(key))
                if model.contains(key) {
                    model.removeAll { $0 == key }
                    model.insert(key, at: 0)
                }
            default:
                order.remove(key)
                model.removeAll { $0 == key }
            }
            peak = max(peak, model.count)
            if step.isMultiple(of: 97) {
                #expect(order.keysNewestFirst == model)
                #expect(order.isConsistent)
            }
        }
        #expect(order.keysNewestFirst == model)
        #expect(order.oldest == model.last)
        #expect(order.isConsistent)
        #expect(order.slotCount == peak)  // slots grow only to the largest size ever held
    }
}
