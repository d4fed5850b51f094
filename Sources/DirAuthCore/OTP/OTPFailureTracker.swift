import Directory
import Foundation
import Synchronization

/// Failure counters kept in this instance's memory: per source address, and per
/// (name, realm) for names that have no entry (so unknown names lock exactly like
/// known ones and a 429 reveals nothing). Counters of real entries live in the directory.
final class OTPFailureTracker: Sendable {
    private let counters = Mutex<[String: OTPLockoutState]>([:])
    /// Above this many counters, expired ones are dropped on the next write.
    static let pruneThreshold = 10_000

    init() {}

    /// The key of a source address.
    static func addressKey(_ address: String) -> String { "address\u{0}" + address }

    /// The key of an unknown (name, realm).
    static func nameKey(name: String, realm: String) -> String { "name\u{0}" + name + "\u{0}" + realm }

    /// The state of `key`.
    func state(_ key: String) -> OTPLockoutState {
        counters.withLock { $0[key] ?? OTPLockoutState() }
    }

    /// Counts one failure of `key`.
    @discardableResult
    func recordFailure(_ key: String, at now: Date, policy: OTPLockoutPolicy) -> OTPLockoutState {
        counters.withLock { counters in
            if counters.count > Self.pruneThreshold {
                counters = counters.filter { !$0.value.isClear(at: now) }
            }
            let next = (counters[key] ?? OTPLockoutState()).afterFailure(at: now, policy: policy)
            counters[key] = next
            return next
        }
    }
}
