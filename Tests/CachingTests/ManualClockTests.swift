// SPDX-License-Identifier: Apache-2.0

import TestSupport
import Testing

@Suite("ManualClock")
struct ManualClockTests {
    @Test("time moves only when advanced; sleepers wake when their deadline passes")
    func sleepers() async throws {
        let clock = ManualClock()
        #expect(clock.now == .init(offset: .zero))
        let start = clock.now
        let woke = Task {
            try await clock.sleep(until: start.advanced(by: .seconds(10)), tolerance: nil)
            return clock.now
        }
        await yieldUntil("sleeper registered") { clock.sleeperCount == 1 }
        clock.advance(by: .seconds(9))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(2))
        #expect(try await woke.value == start.advanced(by: .seconds(11)))
        #expect(clock.sleeperCount == 0)
        // A deadline in the past returns at once.
        try await clock.sleep(until: start, tolerance: nil)
        // Moving backwards is ignored.
        clock.advance(to: start)
        #expect(clock.now == start.advanced(by: .seconds(11)))
        #expect(start.duration(to: clock.now) == .seconds(11))
    }

    @Test("cancelling a sleeper throws CancellationError")
    func cancellation() async {
        let clock = ManualClock()
        let sleeper = Task { try await clock.sleep(until: clock.now.advanced(by: .seconds(60)), tolerance: nil) }
        await yieldUntil("sleeper registered") { clock.sleeperCount == 1 }
        sleeper.cancel()
        await #expect(throws: CancellationError.self) { try await sleeper.value }
        #expect(clock.sleeperCount == 0)
    }
}
