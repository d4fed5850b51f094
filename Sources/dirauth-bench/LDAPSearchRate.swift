// SPDX-License-Identifier: Apache-2.0
// The raw directory search rate through the project's LDAPConnectionPool (libldap), with the
// same searches dirauthd makes: a user by uid (keys) and an OTP entry by DN (base scope).

import Foundation
import LDAPClient

/// Runs one kind of search from `concurrency` tasks for a fixed time and counts completions.
struct LDAPSearchRate {
    let client: LDAPConnectionPool
    let concurrency: Int
    let seconds: Double

    /// Searches per second.
    /// - Parameter search: One search (throws on failure).
    /// - Returns: `(searches, seconds)`.
    /// - Throws: The first search error.
    func measure(_ search: @escaping @Sendable () async throws -> Void) async throws -> (count: Int, seconds: Double) {
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var count = 0
                    while ContinuousClock.now < deadline {
                        try await search()
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = ContinuousClock.now - start
        return (total, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
