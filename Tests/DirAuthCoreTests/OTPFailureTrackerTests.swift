// SPDX-License-Identifier: Apache-2.0

import Directory
import Foundation
import Testing

@testable import DirAuthCore

@Suite("OTP failure counters in memory")
struct OTPFailureTrackerTests {
    @Test("a key locks after the threshold and stays locked for the duration")
    func locks() {
        var policy = OTPLockoutPolicy()
        policy.threshold = 3
        let tracker = OTPFailureTracker(policy: policy)
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let key = OTPFailureTracker.nameKey(name: "ghost", realm: "nowhere")
        for second in 0..<3 { tracker.recordFailure(key, at: start + Double(second), policy: policy) }
        #expect(tracker.state(key).isLocked(at: start + 3, policy: policy))
        #expect(!tracker.state(OTPFailureTracker.nameKey(name: "other", realm: "nowhere")).isLocked(at: start + 3, policy: policy))
    }

    @Test("an unknown (name, realm) counts by its canonical form: GHOST@Nowhere and ghost@nowhere are one counter")
    func spellingsShareACounter() {
        var policy = OTPLockoutPolicy()
        policy.threshold = 3
        let tracker = OTPFailureTracker(policy: policy)
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        for (second, (name, realm)) in [("GHOST", "nowhere"), ("ghost", "NOWHERE"), ("Ghost", " Nowhere ")].enumerated() {
            tracker.recordFailure(OTPFailureTracker.nameKey(name: name, realm: realm), at: start + Double(second), policy: policy)
        }
        #expect(tracker.count == 1)
        #expect(tracker.state(OTPFailureTracker.nameKey(name: "ｇｈｏｓｔ", realm: "nowhere")).isLocked(at: start + 3, policy: policy))
        #expect(OTPFailureTracker.nameKey(name: "ghost", realm: "nowhere") != OTPFailureTracker.addressKey("ghost\u{0}nowhere"))
    }

    @Test("a flood of distinct names keeps the counters bounded")
    func bounded() {
        let policy = OTPLockoutPolicy()
        let tracker = OTPFailureTracker(policy: policy, capacity: 50)
        let now = Date()
        for index in 0..<5_000 {
            tracker.recordFailure(OTPFailureTracker.nameKey(name: "n\(index)", realm: "r"), at: now, policy: policy)
        }
        #expect(tracker.count == 50)
    }
}
