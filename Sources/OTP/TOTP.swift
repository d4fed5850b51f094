// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// A time-based one-time password generator (RFC 6238) for one secret.
public struct TOTP: Sendable {
    /// The shared secret.
    public let secret: OTPSecret
    /// Hash, digits, period and T0.
    public let parameters: TOTPParameters

    /// A generator for `secret` with `parameters`.
    ///
    /// - Parameters:
    ///   - secret: The shared secret.
    ///   - parameters: The TOTP settings (pyotp's defaults when omitted).
    public init(secret: OTPSecret, parameters: TOTPParameters = .init()) {
        self.secret = secret
        self.parameters = parameters
    }

    /// The time step containing a Unix time.
    ///
    /// RFC 6238 §4.2: "T = (Current Unix time - T0) / X, where the default floor function is
    /// used in the computation." Times before T0 give negative steps; results saturate instead
    /// of overflowing.
    ///
    /// - Parameters:
    ///   - atUnixTime: Seconds since 1970-01-01T00:00:00Z.
    /// - Returns: The step number T.
    public func timeStep(atUnixTime unixTime: Int64) -> Int64 {
        let (elapsed, overflow) = unixTime.subtractingReportingOverflow(Int64(parameters.t0))
        if overflow { return unixTime < 0 ? Int64.min / parameters.effectivePeriod : Int64.max / parameters.effectivePeriod }
        let period = parameters.effectivePeriod
        let quotient = elapsed / period
        // Swift's `/` truncates toward zero; RFC 6238 uses the floor.
        return (elapsed % period != 0 && elapsed < 0) ? quotient - 1 : quotient
    }

    /// The code for a time step.
    ///
    /// - Parameters:
    ///   - timeStep: T; a negative step (before T0) uses its two's-complement bit pattern.
    /// - Returns: The zero-padded code.
    public func code(forTimeStep timeStep: Int64) -> String {
        HOTP.code(
            secret: secret,
            counter: UInt64(bitPattern: timeStep),
            algorithm: parameters.algorithm,
            digits: parameters.effectiveDigits
        )
    }

    /// The code valid at a Unix time.
    ///
    /// - Parameters:
    ///   - atUnixTime: Seconds since 1970-01-01T00:00:00Z.
    /// - Returns: The zero-padded code, as pyotp's `TOTP.at(unixTime)` gives it.
    public func code(atUnixTime unixTime: Int64) -> String {
        code(forTimeStep: timeStep(atUnixTime: unixTime))
    }

    /// The code valid at a date.
    ///
    /// - Parameters:
    ///   - date: The moment; fractional seconds are floored.
    /// - Returns: The zero-padded code.
    public func code(at date: Date) -> String {
        code(atUnixTime: Self.unixTime(of: date))
    }

    /// Whole seconds since the Unix epoch, floored and clamped to `Int64`'s range.
    ///
    /// - Parameters:
    ///   - date: The moment.
    /// - Returns: The Unix time in seconds.
    public static func unixTime(of date: Date) -> Int64 {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite else { return seconds > 0 ? Int64.max : Int64.min }
        if seconds >= 9.2e18 { return Int64.max }
        if seconds <= -9.2e18 { return Int64.min }
        return Int64(seconds)
    }
}
