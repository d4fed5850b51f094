// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// Checks submitted TOTP codes against a secret within a window of time steps.
///
/// RFC 6238 §5.2 recommends accepting at most one step of clock drift; that is the default.
/// ungleich-otp called pyotp's `verify(token, valid_window=3)`, accepting ±3 steps (±90 s);
/// ``ungleichCompatible`` restores that.
///
/// Verification:
/// 1. Normalises the code like ungleich-otp's stack (DRF trims surrounding whitespace, pyotp
///    compares NFKC-normalised strings): see ``normalize(code:digits:)``. Malformed input
///    (wrong length, non-digits, overlong) is rejected, never trapped on.
/// 2. Computes the codes for the current step T and for T±1 … T±window, and compares every one
///    with the submitted code in constant time.
/// 3. Returns the matched step, preferring the current step, then nearer steps, newer before
///    older at equal distance. Steps at or below `lastUsedStep` are never matched, so a caller
///    that stores the returned step gets replay protection (RFC 6238 §5.2: "the verifier MUST NOT
///    accept the second attempt of the OTP after the successful validation has been issued for
///    the first OTP").
public struct TOTPVerifier: Sendable {
    /// ungleich-otp's window, ±3 steps (pyotp `valid_window=3`).
    public static let ungleichWindow = 3

    /// A verifier with ungleich-otp's ±3-step window.
    public static let ungleichCompatible = TOTPVerifier(window: ungleichWindow)

    /// The number of steps accepted on either side of the current one (0 = current only).
    public let window: Int

    /// A verifier with a window of `window` steps on each side.
    ///
    /// - Parameters:
    ///   - window: Steps of drift tolerated each way; negative values count as 0.
    public init(window: Int = 1) {
        self.window = max(0, window)
    }

    /// Verifies a submitted code at a Unix time.
    ///
    /// - Parameters:
    ///   - code: The code as submitted (surrounding whitespace allowed).
    ///   - secret: The shared secret.
    ///   - parameters: The TOTP settings.
    ///   - atUnixTime: The verifier's current Unix time in seconds.
    ///   - lastUsedStep: The last step accepted for this secret, if replay protection is wanted;
    ///     steps less than or equal to it are rejected.
    /// - Returns: The matched time step, or `nil` when the code is malformed or matches no
    ///   acceptable step.
    public func verify(
        code: String,
        secret: OTPSecret,
        parameters: TOTPParameters,
        atUnixTime unixTime: Int64,
        lastUsedStep: Int64? = nil
    ) -> Int64? {
        guard let submitted = Self.normalize(code: code, digits: parameters.effectiveDigits) else { return nil }
        let current = TOTP(secret: secret, parameters: parameters).timeStep(atUnixTime: unixTime)
        let hotp = KeyedHOTP(secret: secret, algorithm: parameters.algorithm, digits: parameters.effectiveDigits)
        // Codes are compared as numbers (both sides have exactly `digits` digits, so equal numbers
        // are equal codes); one integer comparison takes the same time whatever the values.
        let submittedValue = submitted.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - UInt8(ascii: "0")) }
        var matched: Int64?
        // Every candidate is computed and compared, so the work does not depend on which matched.
        for step in Self.candidateSteps(around: current, window: window) {
            let accepted = lastUsedStep.map { step > $0 } ?? true
            let equal = hotp.value(counter: UInt64(bitPattern: step)) == submittedValue
            if equal, accepted, matched == nil {
                matched = step
            }
        }
        return matched
    }

    /// Verifies a submitted code at a date.
    ///
    /// - Parameters:
    ///   - code: The code as submitted.
    ///   - secret: The shared secret.
    ///   - parameters: The TOTP settings.
    ///   - date: The verifier's current time.
    ///   - lastUsedStep: The last accepted step, for replay protection.
    /// - Returns: The matched time step or `nil`.
    public func verify(
        code: String,
        secret: OTPSecret,
        parameters: TOTPParameters,
        at date: Date,
        lastUsedStep: Int64? = nil
    ) -> Int64? {
        verify(code: code, secret: secret, parameters: parameters, atUnixTime: TOTP.unixTime(of: date), lastUsedStep: lastUsedStep)
    }

    /// The steps to try in preference order: T, T+1, T−1, T+2, T−2, … (skipping any that would overflow).
    static func candidateSteps(around current: Int64, window: Int) -> [Int64] {
        var steps: [Int64] = [current]
        guard window > 0 else { return steps }
        for distance in 1...Int64(window) {
            let (later, laterOverflow) = current.addingReportingOverflow(distance)
            if !laterOverflow { steps.append(later) }
            let (earlier, earlierOverflow) = current.subtractingReportingOverflow(distance)
            if !earlierOverflow { steps.append(earlier) }
        }
        return steps
    }
}
