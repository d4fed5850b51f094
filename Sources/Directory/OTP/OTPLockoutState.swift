// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// The brute-force counter of one principal (an OTP entry, an unknown name, a source address).
///
/// Stored in the directory as `dirauthFailureCount` and `dirauthLockedUntil`. With only two
/// attributes, `until` has two meanings:
/// - while `failures < threshold`: when the counting window ends (the count then restarts);
/// - once `failures >= threshold`: when the lockout ends.
///
/// A principal is locked when `failures >= threshold` and `now < until`.
public struct OTPLockoutState: Sendable, Hashable {
    /// Failed attempts counted in the current window.
    public var failures: Int
    /// The end of the counting window or of the lockout (see the type's documentation).
    public var until: Date?

    /// Creates a state.
    /// - Parameters:
    ///   - failures: The count.
    ///   - until: The window's or lockout's end.
    public init(failures: Int = 0, until: Date? = nil) {
        self.failures = failures
        self.until = until
    }

    /// Whether attempts are refused at `now`.
    /// - Parameters:
    ///   - now: The current time.
    ///   - policy: Threshold and periods.
    /// - Returns: `true` while locked.
    public func isLocked(at now: Date, policy: OTPLockoutPolicy) -> Bool {
        guard policy.isEnabled, failures >= policy.threshold, let until else { return false }
        return now < until
    }

    /// Seconds until the lockout ends (at least 1), for `Retry-After`.
    /// - Parameter now: The current time.
    /// - Returns: Whole seconds, rounded up.
    public func retryAfter(at now: Date) -> Int {
        guard let until else { return 1 }
        return max(1, Int((until.timeIntervalSince(now)).rounded(.up)))
    }

    /// The state after one more failure at `now`.
    /// - Parameters:
    ///   - now: When the failure happened.
    ///   - policy: Threshold and periods.
    /// - Returns: The new state; it locks when the count reaches the threshold.
    public func afterFailure(at now: Date, policy: OTPLockoutPolicy) -> OTPLockoutState {
        var count = failures
        var end = until
        if end.map({ now >= $0 }) ?? true {
            count = 0
            end = now.addingTimeInterval(policy.window)
        }
        count += 1
        if count == policy.threshold {
            end = now.addingTimeInterval(policy.duration)
        }
        return OTPLockoutState(failures: count, until: end)
    }

    /// Whether this state means "nothing counted" at `now` (no write needed to clear it).
    /// - Parameter now: The current time.
    /// - Returns: `true` for a zero count or an expired window.
    public func isClear(at now: Date) -> Bool {
        failures == 0 || (until.map { now >= $0 } ?? true)
    }
}

/// How many failures lock a principal, and for how long.
public struct OTPLockoutPolicy: Sendable, Hashable {
    /// Failures within ``window`` that lock (0 disables the lockout).
    public var threshold: Int
    /// Seconds in which failures are counted.
    public var window: TimeInterval
    /// Seconds a lockout lasts.
    public var duration: TimeInterval

    /// Creates a policy (defaults: 5 failures in 300 s lock for 900 s).
    /// - Parameters:
    ///   - threshold: Failures that lock; 0 disables.
    ///   - window: Counting window in seconds.
    ///   - duration: Lockout in seconds.
    public init(threshold: Int = 5, window: TimeInterval = 300, duration: TimeInterval = 900) {
        self.threshold = threshold
        self.window = window
        self.duration = duration
    }

    /// Whether lockout is on.
    public var isEnabled: Bool { threshold > 0 }
}
