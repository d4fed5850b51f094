// SPDX-License-Identifier: Apache-2.0

/// The settings of a TOTP generator (RFC 6238 §4): hash, code length, time step and epoch.
///
/// The defaults are pyotp's and ungleich-otp's: HMAC-SHA-1, 6 digits, 30-second steps, T0 = 0.
public struct TOTPParameters: Sendable, Hashable {
    /// The supported code lengths (RFC 4226 §5.3 requires at least 6; the Key Uri Format allows 6 or 8).
    public static let supportedDigits: ClosedRange<Int> = 6...8

    /// The HMAC hash function.
    public var algorithm: OTPAlgorithm = .sha1
    /// The number of decimal digits in a code.
    public var digits: Int = 6
    /// The time step X in seconds.
    public var period: Int = 30
    /// The Unix time T0 at which step 0 starts.
    public var t0: Int = 0

    /// Parameters with the given values (each defaults to pyotp's).
    ///
    /// - Parameters:
    ///   - algorithm: The HMAC hash function.
    ///   - digits: Code length, 6–8.
    ///   - period: Time step in seconds, at least 1.
    ///   - t0: Unix time of step 0, not negative.
    public init(algorithm: OTPAlgorithm = .sha1, digits: Int = 6, period: Int = 30, t0: Int = 0) {
        self.algorithm = algorithm
        self.digits = digits
        self.period = period
        self.t0 = t0
    }

    /// Checks that the parameters are in the supported ranges.
    ///
    /// Code generation never traps on out-of-range values (it clamps: digits to 1–10, period to
    /// at least 1), but such values are not interoperable; validate parameters that come from
    /// configuration or the directory.
    ///
    /// - Throws: ``OTPError/invalidParameters(_:)`` naming the offending field.
    public func validate() throws(OTPError) {
        guard Self.supportedDigits.contains(digits) else {
            throw .invalidParameters("digits must be 6, 7 or 8, not \(digits)")
        }
        guard period >= 1 else { throw .invalidParameters("period must be at least 1 second, not \(period)") }
        guard t0 >= 0 else { throw .invalidParameters("t0 must not be negative, not \(t0)") }
    }

    /// `digits` clamped to the range a 31-bit truncated HMAC value can fill (1–10).
    var effectiveDigits: Int { min(max(digits, 1), 10) }

    /// `period` clamped to at least one second.
    var effectivePeriod: Int64 { Int64(max(period, 1)) }
}
