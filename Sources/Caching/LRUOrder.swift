/// The recency order of a set of keys, with O(1) touch, removal and least-recent lookup.
///
/// A doubly linked list threaded through a dictionary: each key records its neighbours.
struct LRUOrder<Key: Hashable>: Sendable where Key: Sendable {
    private struct Links: Sendable {
        var newer: Key?
        var older: Key?
    }

    private var links: [Key: Links] = [:]
    /// The most recently used key.
    private(set) var newest: Key?
    /// The least recently used key: the next to evict.
    private(set) var oldest: Key?

    /// The number of keys tracked.
    var count: Int { links.count }

    /// Marks `key` as the most recently used, inserting it if new.
    mutating func touch(_ key: Key) {
        if newest == key { return }
        remove(key)
        links[key] = Links(newer: nil, older: newest)
        if let previous = newest { links[previous]?.newer = key }
        newest = key
        if oldest == nil { oldest = key }
    }

    /// Stops tracking `key` (no effect if it is not tracked).
    mutating func remove(_ key: Key) {
        guard let node = links.removeValue(forKey: key) else { return }
        if let newer = node.newer { links[newer]?.older = node.older } else { newest = node.older }
        if let older = node.older { links[older]?.newer = node.newer } else { oldest = node.newer }
    }

    /// Forgets every key.
    mutating func removeAll() {
        links.removeAll()
        newest = nil
        oldest = nil
    }

    /// The keys from most to least recently used (for tests and diagnostics).
    var keysNewestFirst: [Key] {
        var result: [Key] = []
        var cursor = newest
        while let key = cursor {
            result.append(key)
            cursor = links[key]?.older
        }
        return result
    }
}
