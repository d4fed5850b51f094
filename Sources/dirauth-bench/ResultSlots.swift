// SPDX-License-Identifier: Apache-2.0
// Per-index results written by concurrent workers.

import Foundation

/// A fixed number of result slots that concurrent workers fill, each index once.
final class ResultSlots: @unchecked Sendable {
    private var slots: [Result<String, BenchError>?]
    private let lock = NSLock()

    /// Creates `count` empty slots.
    /// - Parameter count: How many.
    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    /// Fills slot `index`.
    /// - Parameters:
    ///   - index: The slot.
    ///   - result: Its value.
    func set(_ index: Int, _ result: Result<String, BenchError>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    /// Every value in order.
    /// - Throws: The first failure, or ``BenchError/failed(_:)`` for an unfilled slot.
    func values() throws -> [String] {
        lock.lock()
        defer { lock.unlock() }
        return try slots.enumerated().map { index, slot in
            guard let slot else { throw BenchError.failed("slot \(index) was never filled") }
            return try slot.get()
        }
    }
}
