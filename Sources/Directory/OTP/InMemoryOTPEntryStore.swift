public import Foundation
public import OTP
import Synchronization

/// OTP entries held in memory, for unit tests of the HTTP edge. Behaves like
/// ``LDAPOTPEntryStore`` (same validation, conflicts and compare-and-swap), except that
/// a rename keeps the id.
public final class InMemoryOTPEntryStore: OTPEntryStore, Sendable {
    private struct State {
        var entries: [String: OTPEntry] = [:]
        var counter = 0
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
        state.withLock { $0.entries.values.first { $0.name == name && $0.realm == realm } }
    }

    public func entries(for keys: [OTPEntryKey]) async throws -> [OTPEntryKey: OTPEntry] {
        state.withLock { state in
            var result: [OTPEntryKey: OTPEntry] = [:]
            for key in keys {
                if let entry = state.entries.values.first(where: { $0.name == key.name && $0.realm == key.realm }) { result[key] = entry }
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
            guard !state.entries.values.contains(where: { $0.name == name && $0.realm == realm }) else {
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
            if state.entries.values.contains(where: { $0.name == name && $0.realm == realm && $0.id != entry.id }) {
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
        state.withLock { state in
            guard let stored = state.entries[entry.id], stored.lastUsedStep == entry.lastUsedStep else { return false }
            state.entries[entry.id]?.lastUsedStep = step
            return true
        }
    }

    public func recordFailure(of entry: OTPEntry, at now: Date, policy: OTPLockoutPolicy) async throws -> OTPLockoutState {
        state.withLock { state in
            let current = state.entries[entry.id]?.lockout ?? entry.lockout
            let next = current.afterFailure(at: now, policy: policy)
            state.entries[entry.id]?.lockout = next
            return next
        }
    }

    public func clearFailures(of entry: OTPEntry) async throws {
        state.withLock { $0.entries[entry.id]?.lockout = OTPLockoutState() }
    }
}
