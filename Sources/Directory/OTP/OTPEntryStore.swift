// SPDX-License-Identifier: Apache-2.0

public import Foundation
public import OTP

/// Where OTP entries live: one entry per (name, realm), valid while it is a member of
/// its realm group.
///
/// Names and realms are untrusted input: implementations escape them for DNs and
/// filters and refuse values ``OTPEntryName/validate(_:field:)`` rejects. They match in any
/// letter case, as LDAP matches `cn` and `ou` (caseIgnoreMatch): `Svc`@`R` and `svc`@`r` are
/// one entry, which keeps the spelling it was created with.
/// Errors are ``DirectoryError``: `.notFound` (gone meanwhile: every write but ``delete(_:)``
/// to an entry deleted since it was read), `.conflict` (exists already, or a compare-and-swap
/// lost), `.invalidInput`, `.unavailable`.
///
/// `Tests/DirectoryTests/Conformance` holds the contract every store (and the caching
/// decorator over it) is checked against.
public protocol OTPEntryStore: Sendable {
    /// The entry `name` in `realm`, or `nil` (also for names that could not exist).
    /// - Parameters:
    ///   - name: The service name.
    ///   - realm: The realm.
    /// - Throws: ``DirectoryError`` when the directory cannot answer.
    func entry(name: String, realm: String) async throws -> OTPEntry?

    /// Several entries at once: the same answer as calling ``entry(name:realm:)`` for each key
    /// (in the same letter-case rules), as one directory round trip where the store can.
    ///
    /// A key is absent from the result when ``entry(name:realm:)`` would give `nil` for it
    /// (no such entry, or a name or realm that could not exist). Repeated keys are read once.
    /// - Parameter keys: The (name, realm) pairs wanted.
    /// - Returns: The entries found, by the key as asked.
    /// - Throws: ``DirectoryError`` when the directory cannot answer.
    func entries(for keys: [OTPEntryKey]) async throws -> [OTPEntryKey: OTPEntry]

    /// The entry whose `entryUUID` is `id`, or `nil`.
    /// - Parameter id: The identifier (anything that is not a UUID gives `nil`).
    /// - Throws: ``DirectoryError`` when the directory cannot answer.
    func entry(id: String) async throws -> OTPEntry?

    /// Every entry, sorted by realm, then name.
    /// - Throws: ``DirectoryError`` when the directory cannot answer.
    func entries() async throws -> [OTPEntry]

    /// Creates an entry and makes it a member of its realm group (creating the group,
    /// with no capabilities, when it is missing).
    /// - Parameters:
    ///   - name: 1–128 characters.
    ///   - realm: 1–128 characters.
    ///   - secret: The new seed.
    /// - Returns: The stored entry.
    /// - Throws: ``DirectoryError`` `.conflict` when (name, realm) exists, `.invalidInput` for bad names.
    func create(name: String, realm: String, secret: OTPSecret) async throws -> OTPEntry

    /// Moves an entry to a new name and/or realm, keeping its id, seed and last used step
    /// (the LDAP store renames the entry with a modify-DN).
    /// - Parameters:
    ///   - entry: The entry as read.
    ///   - name: The new name.
    ///   - realm: The new realm.
    /// - Returns: The entry under its new name.
    /// - Throws: ``DirectoryError`` `.conflict` when the target exists.
    func rename(_ entry: OTPEntry, name: String, realm: String) async throws -> OTPEntry

    /// Replaces the seed (and forgets the last used step).
    /// - Parameters:
    ///   - entry: The entry as read.
    ///   - secret: The new seed.
    /// - Throws: ``DirectoryError``.
    func rotate(_ entry: OTPEntry, secret: OTPSecret) async throws

    /// Removes the entry and its realm membership (the group keeps the placeholder
    /// member when it would become empty).
    /// - Parameter entry: The entry as read.
    /// - Throws: ``DirectoryError``.
    func delete(_ entry: OTPEntry) async throws

    /// Advances `oathTOTPLastTimeStep` from the value read (``OTPEntry/lastUsedStep``) to
    /// `step`, atomically across every dirauthd instance (LDAP delete-old/add-new).
    ///
    /// Only forward: a `step` at or before the value read is refused without a write.
    /// - Parameters:
    ///   - entry: The entry as read.
    ///   - step: The new last used step.
    /// - Returns: `false` when another request changed the value first (a replay), or when
    ///   `step` is not after the value read.
    /// - Throws: ``DirectoryError`` when the directory cannot answer.
    func advanceLastUsedStep(of entry: OTPEntry, to step: Int64) async throws -> Bool

    /// Counts one failed verification of the entry (compare-and-swap, retried on races).
    /// - Parameters:
    ///   - entry: The entry as read.
    ///   - now: The current time.
    ///   - policy: Threshold and periods.
    /// - Returns: The new counter state.
    /// - Throws: ``DirectoryError``.
    func recordFailure(of entry: OTPEntry, at now: Date, policy: OTPLockoutPolicy) async throws -> OTPLockoutState

    /// Clears the entry's failure counter (after a success).
    /// - Parameter entry: The entry as read.
    /// - Throws: ``DirectoryError``.
    func clearFailures(of entry: OTPEntry) async throws
}

extension OTPEntryStore {
    /// One ``entry(name:realm:)`` per distinct key, in order: for stores without a batch read.
    /// - Parameter keys: The (name, realm) pairs wanted.
    /// - Returns: The entries found, by the key as asked.
    /// - Throws: ``DirectoryError`` when the directory cannot answer.
    public func entries(for keys: [OTPEntryKey]) async throws -> [OTPEntryKey: OTPEntry] {
        var result: [OTPEntryKey: OTPEntry] = [:]
        var seen: Set<OTPEntryKey> = []
        for key in keys where seen.insert(key).inserted {
            if let entry = try await entry(name: key.name, realm: key.realm) { result[key] = entry }
        }
        return result
    }
}
