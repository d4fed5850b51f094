// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A token bucket for log lines: at most `burst` lines at once and `perSecond` on average; the
/// lines it holds back are counted and reported with the next line it lets through.
///
/// Refusals of unauthenticated requests are one line each; without a bound, a flood of bad
/// logins writes megabytes of log. Counting every refusal is the job of metrics, not of the log.
final class LogSampler<C: Clock>: Sendable where C.Duration == Duration {
    private struct State {
        var tokens: Double
        var last: C.Instant
        var suppressed = 0
    }

    private let burst: Double
    private let perSecond: Double
    private let clock: C
    private let state: Mutex<State>

    /// Creates a sampler.
    /// - Parameters:
    ///   - burst: Lines allowed at once.
    ///   - perSecond: Lines allowed per second over time.
    ///   - clock: The clock that refills the bucket.
    init(burst: Int, perSecond: Double, clock: C) {
        self.burst = Double(max(1, burst))
        self.perSecond = max(0, perSecond)
        self.clock = clock
        self.state = Mutex(State(tokens: Double(max(1, burst)), last: clock.now))
    }

    /// Whether a line may be written now, and how many were held back since the last one written.
    /// - Returns: `nil` when the line is held back; else the number suppressed before it.
    func admit() -> Int? {
        let now = clock.now
        return state.withLock { state in
            let elapsed = state.last.duration(to: now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            state.tokens = min(burst, state.tokens + seconds * perSecond)
            state.last = now
            guard state.tokens >= 1 else {
                state.suppressed += 1
                return nil
            }
            state.tokens -= 1
            defer { state.suppressed = 0 }
            return state.suppressed
        }
    }
}
