// SPDX-License-Identifier: Apache-2.0

import DirAuthCore
import Directory
import Foundation

extension OTPSettings {
    /// Reads `DIRAUTH_OTP_*`: the window, seed display, single-use realms and the lockout.
    /// - Parameter settings: The `OTP` scope.
    /// - Throws: ``ConfigurationError`` naming a malformed setting.
    init(_ settings: SettingsReader) throws {
        self.init()
        window = try settings.int("WINDOW", default: 1, in: 0...10, hint: "steps either side; 3 restores ungleich-otp")
        showSeeds = try settings.bool("SHOW_SEEDS", default: false)
        singleUseRealms = Set(try settings.list("SINGLE_USE_REALMS", default: [], hint: "space-separated realm names"))
        lockout.threshold = try settings.int("LOCKOUT_THRESHOLD", default: 5, in: 0...1_000_000, hint: "0 disables the lockout")
        lockout.window = TimeInterval(try settings.int("LOCKOUT_WINDOW", default: 300, in: 1...86_400))
        lockout.duration = TimeInterval(try settings.int("LOCKOUT_DURATION", default: 900, in: 1...604_800))
    }
}
