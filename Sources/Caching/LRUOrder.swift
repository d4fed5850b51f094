/// Keyed elements in recency order, with one hash lookup per access and O(1) touch, insertion,
/// removal and least-recent eviction.
///
/// An index-based doubly linked list: the elements live in the slots of an array, a dictionary
/// maps each key to its slot, and each slot records the slots of its newer and older neighbours
/// as integers. Moving an element to the front is a few integer stores (no hashing), and the
/// slots of removed elements go on a free list and are reused by later insertions, so a cache at
/// its size bound does not grow the array. A freed slot holds nothing, so removed elements are
/// released at once.
struct LRUOrder<Key: Hashable & Sendable, Element: Sendable>: Sendable {
    /// One occupied slot.
    private struct Node: Sendable {
        var key: Key
        var element: Element
        /// The slot of the next more recently used element, or ``LRUOrder/noSlot``.
        var newer: Int
        /// The slot of the next less recently used element, or ``LRUOrder/noSlot``.
        var older: Int
    }

    /// The "no neighbour" link.
    private static var noSlot: Int { -1 }

    /// The slots; `nil` marks a free slot (listed in `freeSlots`).
    private var nodes: [Node?] = []
    /// The slot of each key.
    private var slots: [Key: Int] = [:]
    /// Free slots, reused last-freed first.
    private var freeSlots: [Int] = []
    /// The slot of the most recently used element.
    private var newestSlot = LRUOrder.noSlot
    /// The slot of the least recently used element: the next to evict.
    private var oldestSlot = LRUOrder.noSlot

    /// An empty order.
    init() {}

    /// The number of elements.
    var count: Int { slots.count }

    /// The number of slots allocated, occupied or free (for tests of slot reuse).
    var slotCount: Int { nodes.count }

    /// The most recently used key.
    var newest: Key? { node(at: newestSlot)?.key }

    /// The least recently used key: the next to evict.
    var oldest: Key? { node(at: oldestSlot)?.key }

    /// The slot holding `key`'s element (valid until the next insertion or removal).
    ///
    /// - Parameters:
    ///   - key: The key.
    /// - Returns: The slot, or `nil` when `key` has no element.
    func slot(of key: Key) -> Int? { slots[key] }

    /// The element in a slot.
    ///
    /// - Parameters:
    ///   - slot: A slot from ``slot(of:)``.
    /// - Returns: The element, or `nil` for a free or out-of-range slot.
    func element(inSlot slot: Int) -> Element? {
        guard nodes.indices.contains(slot) else { return nil }
        return nodes[slot]?.element
    }

    /// Replaces the element in an occupied slot without changing its recency.
    ///
    /// - Parameters:
    ///   - element: The new element.
    ///   - slot: A slot from ``slot(of:)``; a free or out-of-range slot is ignored.
    mutating func replaceElement(inSlot slot: Int, with element: Element) {
        guard nodes.indices.contains(slot) else { return }
        nodes[slot]?.element = element
    }

    /// Marks the element in `slot` as the most recently used.
    ///
    /// - Parameters:
    ///   - slot: A slot from ``slot(of:)``; a free or out-of-range slot is ignored.
    mutating func touch(slot: Int) {
        guard slot != newestSlot, links(of: slot) != nil else { return }
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
            nodes[slot]?.element = element
            touch(slot: slot)
            return
        }
        let node = Node(key: key, element: element, newer: Self.noSlot, older: Self.noSlot)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            nodes[slot] = node
        } else {
            slot = nodes.count
            nodes.append(node)
        }
        slots[key] = slot
        linkAsNewest(slot)
    }

    /// Removes `key`'s element (no effect when it has none).
    ///
    /// - Parameters:
    ///   - key: The key.
    /// - Returns: The removed element.
    @discardableResult
    mutating func remove(_ key: Key) -> Element? {
        guard let slot = slots.removeValue(forKey: key) else { return nil }
        return free(slot)?.element
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
        for slot in nodes.indices {
            guard let node = nodes[slot], shouldRemove(node.key, node.element) else { continue }
            slots[node.key] = nil
            free(slot)
            removed += 1
        }
        return removed
    }

    /// Removes every element and frees every slot (keeping the storage for reuse).
    mutating func removeAll() {
        nodes.removeAll(keepingCapacity: true)
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
        while let node = node(at: cursor), result.count < nodes.count {
            result.append(node.key)
            cursor = node.older
        }
        return result
    }

    /// Whether the links, the key index and the free list agree (for tests): walking the list
    /// both ways visits every element once, each key maps to its own slot, and exactly the
    /// listed free slots are empty.
    var isConsistent: Bool {
        var forward: [Int] = []
        var cursor = newestSlot
        var previous = Self.noSlot
        while let node = node(at: cursor) {
            guard node.newer == previous, forward.count < nodes.count, slots[node.key] == cursor else { return false }
            forward.append(cursor)
            previous = cursor
            cursor = node.older
        }
        guard cursor == Self.noSlot, previous == oldestSlot, forward.count == slots.count else { return false }
        let emptySlots = Set(nodes.indices.filter { nodes[$0] == nil })
        return emptySlots == Set(freeSlots) && emptySlots.count == freeSlots.count
            && emptySlots.count + slots.count == nodes.count
    }

    // MARK: - Links

    private func node(at slot: Int) -> Node? {
        nodes.indices.contains(slot) ? nodes[slot] : nil
    }

    /// The neighbours of an occupied slot, read without copying its key or element.
    private func links(of slot: Int) -> (newer: Int, older: Int)? {
        guard nodes.indices.contains(slot), let newer = nodes[slot]?.newer, let older = nodes[slot]?.older else { return nil }
        return (newer, older)
    }

    /// Joins an unlinked occupied slot to the front of the list.
    private mutating func linkAsNewest(_ slot: Int) {
        nodes[slot]?.newer = Self.noSlot
        nodes[slot]?.older = newestSlot
        if newestSlot != Self.noSlot { nodes[newestSlot]?.newer = slot }
        newestSlot = slot
        if oldestSlot == Self.noSlot { oldestSlot = slot }
    }

    /// Takes an occupied slot out of the list, joining its neighbours.
    private mutating func unlink(_ slot: Int) {
        guard let (newer, older) = links(of: slot) else { return }
        if newer != Self.noSlot { nodes[newer]?.older = older } else { newestSlot = older }
        if older != Self.noSlot { nodes[older]?.newer = newer } else { oldestSlot = newer }
    }

    /// Unlinks a slot whose key is already out of `slots`, empties it and lists it as free.
    @discardableResult
    private mutating func free(_ slot: Int) -> Node? {
        guard let node = node(at: slot) else { return nil }
        unlink(slot)
        nodes[slot] = nil
        freeSlots.append(slot)
        return node
    }
}
