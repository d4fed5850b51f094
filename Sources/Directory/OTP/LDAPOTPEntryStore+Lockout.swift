// SPDX-License-Identifier: Apache-2.0

public import Foundation
import LDAPClient
import Logging

extension LDAPOTPEntryStore {
    public func recordFailure(of entry: OTPEntry, at now: Date, policy: OTPLockoutPolicy) async throws -> OTPLockoutState {
        var current = entry
        for _ in 0..<4 {
            let next = current.lockout.afterFailure(at: now, policy: policy)
            var changes: [LDAPModification] = []
            let newCount = Array(String(next.failures).utf8)
            // dirauthFailureCount is single-valued: delete-old/add-new is a compare-and-swap, so
            // two instances counting at once cannot both write the same next value.
            if let old = try await storedCount(current.reference) {
                changes += LDAPModification.compareAndSwap("dirauthFailureCount", old: Array(String(old).utf8), new: newCount)
            } else {
                changes.append(.add("dirauthFailureCount", values: [newCount]))
            }
            changes.append(.replace("dirauthLockedUntil", values: next.until.map { [Array(GeneralizedTime.format($0).utf8)] } ?? []))
            do {
                try await client.modify(dn: current.reference, changes: changes)
                return next
            } catch let error as LDAPError where [.noSuchAttribute, .attributeOrValueExists, .constraintViolation].contains(error.code) {
                // Lost a race: read the current state and count again.
            } catch let error as LDAPError where error.code == .objectClassViolation {
                // An entry made without the dirauthLockout class: add it, then retry.
                try await directoryOperation {
                    try await client.modify(dn: current.reference, changes: [.add("objectClass", strings: ["dirauthLockout"])])
                }
            } catch let error as LDAPError {
                throw error.asDirectoryError
            }
            guard let reread = try await self.entry(id: current.id) else { return next }
            current = reread
        }
        logger.warning("could not count an OTP failure (too many concurrent updates)", metadata: ["name": "\(entry.name)", "realm": "\(entry.realm)"])
        return current.lockout
    }

    public func clearFailures(of entry: OTPEntry) async throws {
        try await directoryOperation {
            try await client.modify(dn: entry.reference, changes: [
                .replace("dirauthFailureCount", values: []),
                .replace("dirauthLockedUntil", values: []),
            ])
        }
    }

    /// The stored failure count, read fresh (the entry value may be stale after a race).
    private func storedCount(_ dn: String) async throws -> Int? {
        let found = try await directoryOperation {
            try await client.search(base: dn, scope: .base, attributes: ["dirauthFailureCount"])
        }
        return found.first?.string("dirauthFailureCount").flatMap { Int($0) }
    }
}
