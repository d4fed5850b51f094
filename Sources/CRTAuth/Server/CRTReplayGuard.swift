// SPDX-License-Identifier: Apache-2.0
// Single-use challenges (dirauth extension, PROTOCOL.md §7): crtauth itself lets a response be redeemed
// again and again while its challenge is valid (crtauth-protocol.md §7, "No replay protection").
// The guard remembers redeemed challenge identifiers until their challenge expires.

public import Foundation
import Synchronization

/// Remembers redeemed challenges of this process so each response yields at most one token.
///
/// Thread-safe. Memory is bounded: entries are dropped once their challenge has expired, and
/// when `capacity` live entries exist, further redemptions fail closed.
public final class CRTReplayGuard: Sendable {
    private struct State {
        var expiries: [[UInt8]: Double] = [:]
        var lastSweep: Double = -.infinity
    }

    private let state = Mutex(State())
    /// The most live entries kept.
    public let capacity: Int

    /// Creates an empty guard.
    /// - Parameter capacity: the most challenges remembered at once (default 100 000, about 4 500 logins/s).
    public init(capacity: Int = 100_000) {
        self.capacity = max(1, capacity)
    }

    /// Records a challenge as redeemed.
    /// - Parameters:
    ///   - challengeID: ``CRTPendingResponse/challengeID``.
    ///   - validTo: ``CRTPendingResponse/challengeValidTo``; the entry is kept until then.
    ///   - now: the current time.
    /// - Throws: ``CRTAuthError/challengeReplayed(_:)`` if it was redeemed before (or the guard is full).
    public func redeem(challengeID: [UInt8], validTo: Date, now: Date) throws {
        let t = now.timeIntervalSince1970
        let expiry = validTo.timeIntervalSince1970
        let capacity = self.capacity
        let outcome: String? = state.withLock { state in
            if t - state.lastSweep >= 1 || state.expiries.count >= capacity {
                state.expiries = state.expiries.filter { $0.value >= t }
                state.lastSweep = t
            }
            if let known = state.expiries[challengeID], known >= t {
                return "challenge already redeemed"
            }
            guard state.expiries.count < capacity else {
                return "replay guard full (\(capacity) live challenges)"
            }
            state.expiries[challengeID] = expiry
            return nil
        }
        if let outcome {
            throw CRTAuthError.challengeReplayed(outcome)
        }
    }

    /// The number of challenges currently remembered (including expired ones not yet swept).
    public var count: Int { state.withLock { $0.expiries.count } }
}
