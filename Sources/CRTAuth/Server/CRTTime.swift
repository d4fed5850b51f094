// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §7: "CLOCK_FUDGE = 2, RESP_TIMEOUT = 20, MAX_TOKEN_LIFETIME = 600, default token
// lifetime 60." Challenge: valid_from = int(now - 2), valid_to = int(now + 20). Token:
// valid_from = int(now - 2), valid_to = int(now) + lifetime. Checks compare against a *float* now.

import Foundation

/// crtauth's time constants and Python's `int(...)` truncation.
enum CRTTime {
    /// Seconds a challenge or token is back-dated.
    static let clockFudge: Double = 2
    /// Seconds a challenge stays valid after issue.
    static let responseTimeout: Double = 20
    /// The longest span (`valid_to - valid_from`) a challenge may have.
    static let maximumChallengeSpan: UInt64 = 22
    /// The longest span a token may have.
    static let maximumTokenSpan: UInt64 = 600

    /// Seconds since 1970 as a float.
    static func seconds(_ date: Date) -> Double { date.timeIntervalSince1970 }

    /// Python's `int(x)` for timestamps, clamped to the unsigned range.
    static func truncate(_ value: Double) -> UInt64 {
        guard value.isFinite, value > 0 else { return 0 }
        guard value < 1.8e19 else { return UInt64.max }
        return UInt64(value.rounded(.towardZero))
    }

    /// A timestamp as a `Date`.
    static func date(_ seconds: UInt64) -> Date { Date(timeIntervalSince1970: Double(seconds)) }
}
