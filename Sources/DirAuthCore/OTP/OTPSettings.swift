// SPDX-License-Identifier: Apache-2.0

public import Directory

/// The ungleich-otp service's settings (`DIRAUTH_OTP_*`).
public struct OTPSettings: Sendable, Hashable {
    /// `DIRAUTH_OTP_WINDOW`: steps accepted either side of the current one (1; 3 restores ungleich-otp).
    public var window: Int = 1
    /// `DIRAUTH_OTP_SHOW_SEEDS`: list and retrieve include seeds for callers with the list
    /// capability, as ungleich-otp did (off).
    public var showSeeds: Bool = false
    /// `DIRAUTH_OTP_SINGLE_USE_REALMS`: realms whose tokens, once verified by `/ungleichotp/verify/`,
    /// are refused for the rest of their window (across instances, through `oathTOTPLastTimeStep`).
    /// Realms compare by ``CanonicalName``: `services` makes `SERVICES` single-use too.
    public var singleUseRealms: Set<String> = []
    /// `DIRAUTH_OTP_LOCKOUT_THRESHOLD` (5; 0 disables), `DIRAUTH_OTP_LOCKOUT_WINDOW` (300 s),
    /// `DIRAUTH_OTP_LOCKOUT_DURATION` (900 s).
    public var lockout: OTPLockoutPolicy = .init()

    /// The defaults.
    public init() {}
}
