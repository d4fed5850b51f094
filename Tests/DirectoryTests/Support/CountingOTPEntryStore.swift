// SPDX-License-Identifier: Apache-2.0

import Directory
import Foundation
import OTP
import Synchronization

/// An ``InMemoryOTPEntryStore`` that counts its reads by name, one at a time and in batches.
final class CountingOTPEntryStore: OTPEntryStore, Sendable {
    let inner = InMemoryOTPEntryStore()
    /// Single reads by name.
    let singleReads = Mutex(0)
    /// Batch reads, with the keys each asked for.
    let batchReads = Mutex<[[OTPEntryKey]]>([])

    func entry(name: String, realm: String) async throws -> OTPEntry? {
        singleReads.withLock { $0 += 1 }
        return try await inner.entry(name: name, realm: realm)
    }

    func entries(for keys: [OTPEntryKey]) async throws -> [OTPEntryKey: OTPEntry] {
        batchReads.withLock { $0.append(keys) }
        return try await inner.entries(for: keys)
    }

    func entry(id: String) async throws -> OTPEntry? { try await inner.entry(id: id) }
    func entries() async throws -> [OTPEntry] { try await inner.entries() }
    func create(name: String, realm: String, secret: OTPSecret) async throws -> OTPEntry { try await inner.create(name: name, realm: realm, secret: secret) }
    func rename(_ entry: OTPEntry, name: String, realm: String) async throws -> OTPEntry { try await inner.rename(entry, name: name, realm: realm) }
    func rotate(_ entry: OTPEntry, secret: OTPSecret) async throws { try await inner.rotate(entry, secret: secret) }
    func delete(_ entry: OTPEntry) async throws { try await inner.delete(entry) }
    func advanceLastUsedStep(of entry: OTPEntry, to step: Int64) async throws -> Bool { try await inner.advanceLastUsedStep(of: entry, to: step) }
    func recordFailure(of entry: OTPEntry, at now: Date, policy: OTPLockoutPolicy) async throws -> OTPLockoutState {
        try await inner.recordFailure(of: entry, at: now, policy: policy)
    }
    func clearFailures(of entry: OTPEntry) async throws { try await inner.clearFailures(of: entry) }
}
