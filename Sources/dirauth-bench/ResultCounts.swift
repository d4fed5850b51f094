// SPDX-License-Identifier: Apache-2.0
// Per-thread counters filled by concurrent workers.

import Foundation

/// One counter per worker, summed at the end; a negative count marks a failed worker.
final class ResultCounts: @unchecked Sendable {
    private var counts: [Int]
    private let lock = NSLock()

    /// Creates `count` zero counters.
    /// - Parameter count: How many workers.
    init(count: Int) {
        counts = Array(repeating: 0, count: count)
    }

    /// Sets worker `index`'s count.
    /// - Parameters:
    ///   - index: The worker.
    ///   - value: Its count (negative: failed).
    func set(_ index: Int, _ value: Int) {
        lock.lock()
        counts[index] = value
        lock.unlock()
    }

    /// The sum, or -1 when a worker failed.
    func total() -> Int {
        lock.lock()
        defer { lock.unlock() }
        return counts.contains { $0 < 0 } ? -1 : counts.reduce(0, +)
    }
}
