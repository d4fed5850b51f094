// SPDX-License-Identifier: Apache-2.0

public import Foundation
public import OTP
import Synchronization

/// OTP entries held in memory, for unit tests of the HTTP edge. Behaves like
/// ``LDAPOTPEntryStore`` (the same validation, conflicts, compare-and-swap, names and realms
/// matched in any letter case, `notFound` for writes to a deleted entry); the conformance
/// suite checks both against one contract.
public final class InMemoryOTPEntryStore: OTPEntryStore, Sendable {
    private struct State {
        var entries: [String: OTPEntry] = [:]
        var counter = 0

        /// The entry named (`name`, `realm`) in any spelling of the same ``CanonicalName``s, as
        /// LDAP matches `cn` and `ou`.
        func entry(name: String, realm: String) -> OTPEntry? {
            let key = OTPEntryKey(name: name, realm: realm)
            return entries.values.first { key.matches(name: $0.name, realm: $0.realm) }
        }

        /// The stored entry `entry` was read from.
        /// - Throws: ``DirectoryError`` `.notFound` when it was deleted.
        func stored(_ entry: OTPEntry) throws -> OTPEntry {
            guard let stored = entries[entry.id] else { throw DirectoryError.notFound("no OTP entry \(entry.id)") }
            return stored
        }
    }
    private let state = Mutex(State())

    /// An empty store.
    public init() {}

    /// Sets whether an entry counts as a member of its realm group (the `ldapmodify` of the tests).
    /// - Parameters:
    ///   - valid: Membership.
    ///   - id: The entry's id.
    public func setValidForRealm(_ valid: Bool, id: String) {
        state.withLock { $0.entries[id]?.isValidForRealm = valid }
    }

    public func entry(name: String, realm: String) async throws -> OTPEntry? {
        state.withLock { $0.entry(name: name, realm: realm) }
    }

    public func entries(for keys: [OTPEntryKey]) async throws -> [OTPEntryKey: OTPEntry] {
        state.withLock { state in
            var result: [OTPEntryKey: OTPEntry] = [:]
            for key in keys {
                if let entry = state.entry(name: key.name, realm: key.realm) { result[key] = entry }
            }
            return result
        }
    }

    public func entry(id: String) async throws -> OTPEntry? {
        state.withLock { $0.entries[id.lowercased()] }
    }

    public func entries() async throws -> [OTPEntry] {
        state.withLock { Array($0.entries.values) }.sorted { ($0.realm, $0.name) < ($1.realm, $1.name) }
    }

    public func create(name: String, realm: String, secret: OTPSecret) async throws -> OTPEntry {
        try OTPEntryName.validate(name, field: "name")
        try OTPEntryName.validate(realm, field: "realm")
        return try state.withLock { state in
            guard state.entry(name: name, realm: realm) == nil else {
                throw DirectoryError.conflict("\(name)@\(realm) exists")
            }
            state.counter += 1
            let hex = String(state.counter, radix: 16)
            let id = "00000000-0000-4000-8000-" + String(repeating: "0", count: max(0, 12 - hex.count)) + hex
            let entry = OTPEntry(id: id, name: name, realm: realm, secret: secret, reference: id)
            state.entries[id] = entry
            return entry
        }
    }

    public func rename(_ entry: OTPEntry, name: String, realm: String) async throws -> OTPEntry {
        try OTPEntryName.validate(name, field: "name")
        try OTPEntryName.validate(realm, field: "realm")
        return try state.withLock { state in
            guard var stored = state.entries[entry.id] else { throw DirectoryError.notFound(entry.id) }
            if let existing = state.entry(name: name, realm: realm), existing.id != entry.id {
                throw DirectoryError.conflict("\(name)@\(realm) exists")
            }
            stored.name = name
            stored.realm = realm
            stored.isValidForRealm = true
            state.entries[entry.id] = stored
            return stored
        }
    }

    public func rotate(_ entry: OTPEntry, secret: OTPSecret) async throws {
        try state.withLock { state in
            guard state.entries[entry.id] != nil else { throw DirectoryError.notFound(entry.id) }
            state.entries[entry.id]?.secret = secret
            state.entries[entry.id]?.lastUsedStep = nil
        }
    }

    public func delete(_ entry: OTPEntry) async throws {
        _ = state.withLock { $0.entries.removeValue(forKey: entry.id) }
    }

    public func advanceLastUsedStep(of entry: OTPEntry, to step: Int64) async throws -> Bool {
        if let last = entry.lastUsedStep, step <= last { return false }
        return try state.withLock { state in
            guard try state.stored(entry).lastUsedStep == entry.lastUsedStep else { return false }
            state.entries[entry.id]?.lastUsedStep = step
            return true
        }
    }

    public func recordFailure(of entry: OTPEntry, at now: Date, policy: OTPLockoutPolicy) async throws -> OTPLockoutState {
        try state.withLock { state in
            let next = try state.stored(entry).lockout.afterFailure(at: now, policy: policy)
            state.entries[entry.id]?.lockout = next
            return next
        }
    }

    public func clearFailures(of entry: OTPEntry) async throws {
        try state.withLock { state in
            _ = try state.stored(entry)
            state.entries[entry.id]?.lockout = OTPLockoutState()
        }
    }
}
