// SPDX-License-Identifier: Apache-2.0

/// Keyed elements in recency order, with one hash lookup per access and O(1) touch, insertion,
/// removal and least-recent eviction.
///
/// An index-based doubly linked list: the elements live in the slots of an array, a dictionary
/// maps each key to its slot, and each slot records the slots of its newer and older neighbours
/// as integers. The links are kept in two plain `[Int]` arrays apart from the keys and elements,
/// so moving an element to the front is a few integer stores: no hashing, no copies of keys or
/// elements, and nothing generic even when the caller's code is not specialized. The slots of
/// removed elements go on a free list and are reused by later insertions, so a cache at its size
/// bound does not grow the arrays. A freed slot holds nothing, so removed elements are released
/// at once.
@usableFromInline
struct LRUOrder<Key: Hashable & Sendable, Element: Sendable>: Sendable {
    /// The "no neighbour" link.
    @inlinable static var noSlot: Int { -1 }
    /// The `newer` link of a free slot.
    @inlinable static var freeMark: Int { -2 }

    /// The key in each slot; `nil` in a free slot.
    private var slotKeys: [Key?] = []
    /// The element in each slot; `nil` in a free slot.
    @usableFromInline var elements: [Element?] = []
    /// The slot of the next more recently used element, ``noSlot``, or ``freeMark`` for a free slot.
    @usableFromInline var newerLinks: [Int] = []
    /// The slot of the next less recently used element, or ``noSlot``.
    @usableFromInline var olderLinks: [Int] = []
    /// The slot of each key.
    @usableFromInline var slots: [Key: Int] = [:]
    /// Free slots, reused last-freed first.
    private var freeSlots: [Int] = []
    /// The slot of the most recently used element.
    @usableFromInline var newestSlot = LRUOrder.noSlot
    /// The slot of the least recently used element: the next to evict.
    @usableFromInline var oldestSlot = LRUOrder.noSlot

    /// An empty order.
    init() {}

    /// The number of elements.
    var count: Int { slots.count }

    /// The number of slots allocated, occupied or free (for tests of slot reuse).
    var slotCount: Int { newerLinks.count }

    /// The most recently used key.
    var newest: Key? { key(inSlot: newestSlot) }

    /// The least recently used key: the next to evict.
    var oldest: Key? { key(inSlot: oldestSlot) }

    /// The slot holding `key`'s element (valid until the next insertion or removal).
    ///
    /// - Parameters:
    ///   - key: The key.
    /// - Returns: The slot, or `nil` when `key` has no element.
    @inlinable
    func slot(of key: Key) -> Int? { slots[key] }

    /// The element in a slot.
    ///
    /// - Parameters:
    ///   - slot: A slot from ``slot(of:)``.
    /// - Returns: The element, or `nil` for a free or out-of-range slot.
    @inlinable
    func element(inSlot slot: Int) -> Element? {
        guard isOccupied(slot) else { return nil }
        return elements[slot]
    }

    /// Replaces the element in an occupied slot without changing its recency.
    ///
    /// - Parameters:
    ///   - element: The new element.
    ///   - slot: A slot from ``slot(of:)``; a free or out-of-range slot is ignored.
    mutating func replaceElement(inSlot slot: Int, with element: Element) {
        guard isOccupied(slot) else { return }
        elements[slot] = element
    }

    /// Marks the element in `slot` as the most recently used.
    ///
    /// - Parameters:
    ///   - slot: A slot from ``slot(of:)``; a free or out-of-range slot is ignored.
    @inlinable
    mutating func touch(slot: Int) {
        guard slot != newestSlot, isOccupied(slot) else { return }
        unlink(slot)
        linkAsNewest(slot)
    }

    /// Marks `key`'s element as the most recently used.
    ///
    /// - Parameters:
    ///   - key: The key; no effect when it has no element.
    /// - Returns: The element, or `nil` when `key` has none.
    @discardableResult
    mutating func touch(_ key: Key) -> Element? {
        guard let slot = slots[key] else { return nil }
        touch(slot: slot)
        return element(inSlot: slot)
    }

    /// Stores `element` for `key` as the most recently used, replacing any element it had.
    ///
    /// - Parameters:
    ///   - element: The element.
    ///   - key: The key.
    mutating func insert(_ element: Element, for key: Key) {
        if let slot = slots[key] {
            elements[slot] = element
            touch(slot: slot)
            return
        }
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slotKeys[slot] = key
            elements[slot] = element
        } else {
            slot = newerLinks.count
            slotKeys.append(key)
            elements.append(element)
            newerLinks.append(Self.noSlot)
            olderLinks.append(Self.noSlot)
        }
        slots[key] = slot
        linkAsNewest(slot)
    }

    /// Removes `key`'s element (no effect when it has none).
    ///
    /// - Parameters:
    ///   - key: The key.
    /// - Returns: The removed element.
    @usableFromInline @discardableResult
    mutating func remove(_ key: Key) -> Element? {
        guard let slot = slots.removeValue(forKey: key) else { return nil }
        return free(slot)
    }

    /// Removes the least recently used element.
    ///
    /// - Returns: Its key, or `nil` when empty.
    @discardableResult
    mutating func removeOldest() -> Key? {
        guard let key = oldest else { return nil }
        remove(key)
        return key
    }

    /// Removes every element for which `shouldRemove` returns `true`.
    ///
    /// - Parameters:
    ///   - shouldRemove: Decides per key and element.
    /// - Returns: The number of elements removed.
    @discardableResult
    mutating func removeAll(where shouldRemove: (Key, Element) -> Bool) -> Int {
        var removed = 0
        for slot in newerLinks.indices {
            guard isOccupied(slot), let key = slotKeys[slot], let element = elements[slot], shouldRemove(key, element) else { continue }
            slots[key] = nil
            free(slot)
            removed += 1
        }
        return removed
    }

    /// Removes every element and frees every slot (keeping the storage for reuse).
    mutating func removeAll() {
        slotKeys.removeAll(keepingCapacity: true)
        elements.removeAll(keepingCapacity: true)
        newerLinks.removeAll(keepingCapacity: true)
        olderLinks.removeAll(keepingCapacity: true)
        slots.removeAll(keepingCapacity: true)
        freeSlots.removeAll(keepingCapacity: true)
        newestSlot = Self.noSlot
        oldestSlot = Self.noSlot
    }

    /// The keys from most to least recently used (for tests and diagnostics).
    var keysNewestFirst: [Key] {
        var result: [Key] = []
        result.reserveCapacity(count)
        var cursor = newestSlot
        while let key = key(inSlot: cursor), result.count < slotCount {
            result.append(key)
            cursor = olderLinks[cursor]
        }
        return result
    }

    /// Whether the links, the key index and the free list agree (for tests): walking the list
    /// both ways visits every element once, each key maps to its own slot, and exactly the
    /// listed free slots are empty.
    var isConsistent: Bool {
        var visited = 0
        var cursor = newestSlot
        var previous = Self.noSlot
        while let key = key(inSlot: cursor) {
            guard newerLinks[cursor] == previous, elements[cursor] != nil, visited < slotCount, slots[key] == cursor else { return false }
            visited += 1
            previous = cursor
            cursor = olderLinks[cursor]
        }
        guard cursor == Self.noSlot, previous == oldestSlot, visited == slots.count else { return false }
        let sizes = [slotKeys.count, elements.count, olderLinks.count]
        guard sizes.allSatisfy({ $0 == slotCount }) else { return false }
        let freeByMark = Set(newerLinks.indices.filter { !isOccupied($0) })
        let emptied = freeByMark.allSatisfy { slotKeys[$0] == nil && elements[$0] == nil }
        return emptied && freeByMark == Set(freeSlots) && freeByMark.count == freeSlots.count
            && freeByMark.count + slots.count == slotCount
    }

    // MARK: - Links (integer arrays only)

    @inlinable
    func isOccupied(_ slot: Int) -> Bool {
        newerLinks.indices.contains(slot) && newerLinks[slot] != Self.freeMark
    }

    private func key(inSlot slot: Int) -> Key? {
        isOccupied(slot) ? slotKeys[slot] : nil
    }

    /// Joins an unlinked occupied slot to the front of the list.
    @inlinable
    mutating func linkAsNewest(_ slot: Int) {
        newerLinks[slot] = Self.noSlot
        olderLinks[slot] = newestSlot
        if newestSlot != Self.noSlot { newerLinks[newestSlot] = slot }
        newestSlot = slot
        if oldestSlot == Self.noSlot { oldestSlot = slot }
    }

    /// Takes an occupied slot out of the list, joining its neighbours.
    @inlinable
    mutating func unlink(_ slot: Int) {
        let newer = newerLinks[slot]
        let older = olderLinks[slot]
        if newer != Self.noSlot { olderLinks[newer] = older } else { newestSlot = older }
        if older != Self.noSlot { newerLinks[older] = newer } else { oldestSlot = newer }
    }

    /// Unlinks an occupied slot whose key is already out of `slots`, empties it and lists it
    /// as free.
    ///
    /// - Returns: The element it held.
    @discardableResult
    private mutating func free(_ slot: Int) -> Element? {
        guard isOccupied(slot) else { return nil }
        unlink(slot)
        let element = elements[slot]
        slotKeys[slot] = nil
        elements[slot] = nil
        newerLinks[slot] = Self.freeMark
        olderLinks[slot] = Self.noSlot
        freeSlots.append(slot)
        return element
    }
}
