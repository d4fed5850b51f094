// SPDX-License-Identifier: Apache-2.0

import Caching
import Directory
import Foundation

/// Failure counters kept in this instance's memory: per source address, and per
/// (name, realm) for names that have no entry (so unknown names lock exactly like
/// known ones and a lockout answer reveals nothing). Counters of real entries live in the directory.
///
/// A (name, realm) counts by its ``CanonicalName``s, as the directory would count an entry's
/// failures: `GHOST@Nowhere` and `ghost@nowhere` share one counter.
///
/// The counters are a bounded `TTLCache`: a counter lives as long as it can matter (the lockout
/// window plus the lockout duration) and the least recently touched go first when it is full,
/// so a flood of distinct names costs constant memory and constant time per failure.
final class OTPFailureTracker: Sendable {
    /// What a counter counts.
    enum Key: Hashable, Sendable {
        /// A source address.
        case address(String)
        /// A (name, realm) without an entry, canonical.
        case name(OTPEntryKey)
    }

    private let counters: TTLCache<Key, OTPLockoutState, ContinuousClock>

    /// Creates a tracker for `policy`.
    /// - Parameters:
    ///   - policy: The lockout policy (its window and duration bound a counter's life).
    ///   - capacity: The most counters kept.
    init(policy: OTPLockoutPolicy, capacity: Int = 100_000) {
        let lifetime = Duration.seconds(max(1, policy.window + policy.duration))
        counters = TTLCache(
            configuration: TTLCacheConfiguration(
                ttl: lifetime, negativeTTL: .zero, jitter: 0, maxEntries: capacity, refreshAhead: nil, maxStale: .zero
            ),
            clock: ContinuousClock()
        ) { _ in nil }
    }

    /// The key of a source address.
    static func addressKey(_ address: String) -> Key { .address(address) }

    /// The key of an unknown (name, realm): one for every spelling of the same canonical names.
    static func nameKey(name: String, realm: String) -> Key { .name(OTPEntryKey(name: name, realm: realm)) }

    /// The state of `key`.
    func state(_ key: Key) -> OTPLockoutState {
        (counters.cachedValue(for: key) ?? nil) ?? OTPLockoutState()
    }

    /// Counts one failure of `key`.
    @discardableResult
    func recordFailure(_ key: Key, at now: Date, policy: OTPLockoutPolicy) -> OTPLockoutState {
        counters.update(key) { state in
            let next = (state ?? OTPLockoutState()).afterFailure(at: now, policy: policy)
            state = next
            return next
        }
    }

    /// The number of counters held (for tests).
    var count: Int { counters.count }
}
