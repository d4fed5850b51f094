// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A clock that moves only when told to: for deterministic tests of time-dependent code
/// (cache expiry, lockouts, backoff) without sleeping.
///
/// It lives in the test-support target, not in `Caching`: production code runs on
/// `ContinuousClock`, and anything generic over `Clock` (`TTLCache` and the caching
/// decorators) takes this one in tests.
///
/// Sleepers wake when ``advance(by:)`` or ``advance(to:)`` passes their deadline.
public final class ManualClock: Clock, Sendable {
    /// A point on the manual clock: the time since the clock's start.
    public struct Instant: InstantProtocol, Sendable, Hashable, Comparable {
        /// Time since the clock's start.
        public var offset: Duration

        /// An instant at `offset` from the start.
        ///
        /// - Parameters:
        ///   - offset: Time since the start.
        public init(offset: Duration) { self.offset = offset }

        /// The instant `duration` later.
        ///
        /// - Parameters:
        ///   - duration: How far to move.
        /// - Returns: The moved instant.
        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }

        /// The time from this instant to `other`.
        ///
        /// - Parameters:
        ///   - other: The later (or earlier) instant.
        /// - Returns: `other − self`.
        public func duration(to other: Instant) -> Duration { other.offset - offset }

        /// Orders instants by offset.
        ///
        /// - Parameters:
        ///   - lhs: One instant.
        ///   - rhs: The other instant.
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var nextID: UInt64 = 0
        var sleepers: [UInt64: Sleeper] = [:]
        var cancelledBeforeSleeping: Set<UInt64> = []
    }

    private let state = Mutex(State())

    /// A clock at offset zero.
    public init() {}

    /// The current instant.
    public var now: Instant { state.withLock { $0.now } }

    /// The smallest step: one nanosecond.
    public var minimumResolution: Duration { .nanoseconds(1) }

    /// The number of tasks sleeping on this clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// Moves the clock forward and wakes every sleeper whose deadline has passed.
    ///
    /// - Parameters:
    ///   - duration: How far to move; negative durations are ignored.
    public func advance(by duration: Duration) {
        let due: [CheckedContinuation<Void, any Error>] = state.withLock { state in
            state.now = state.now.advanced(by: max(duration, .zero))
            return Self.takeDue(&state)
        }
        for continuation in due { continuation.resume() }
    }

    /// Moves the clock to `instant` (if it is later) and wakes the sleepers that are due.
    ///
    /// - Parameters:
    ///   - instant: The new time.
    public func advance(to instant: Instant) {
        let due: [CheckedContinuation<Void, any Error>] = state.withLock { state in
            state.now = max(state.now, instant)
            return Self.takeDue(&state)
        }
        for continuation in due { continuation.resume() }
    }

    private static func takeDue(_ state: inout State) -> [CheckedContinuation<Void, any Error>] {
        let dueIDs = state.sleepers.filter { $0.value.deadline <= state.now }.map(\.key)
        return dueIDs.compactMap { state.sleepers.removeValue(forKey: $0)?.continuation }
    }

    /// Suspends until the clock reaches `deadline`.
    ///
    /// - Parameters:
    ///   - deadline: When to wake.
    ///   - tolerance: Ignored.
    /// - Throws: `CancellationError` when the task is cancelled first.
    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let immediate: Result<Void, any Error>? = state.withLock { state in
                    if state.cancelledBeforeSleeping.remove(id) != nil { return .failure(CancellationError()) }
                    if deadline <= state.now { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    return nil
                }
                if let immediate { continuation.resume(with: immediate) }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, any Error>? = state.withLock { state in
                if let sleeper = state.sleepers.removeValue(forKey: id) { return sleeper.continuation }
                if state.now < deadline { state.cancelledBeforeSleeping.insert(id) }
                return nil
            }
            continuation?.resume(throwing: CancellationError())
        }
    }
}
