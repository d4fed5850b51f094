// SPDX-License-Identifier: Apache-2.0

public import Directory
public import Foundation
public import OTP

/// The ungleich-otp service: callers authenticate with an OTP triple of a realm that holds
/// the capability an operation needs, then verify other triples or manage entries.
///
/// The order of checks is the API's (DRF's): caller (``DirAuthCoreError/Code/invalidCredentials``),
/// lockout (``DirAuthCoreError/Code/lockedOut``), capability (``DirAuthCoreError/Code/permissionDenied``),
/// fields (``DirAuthCoreError/Code/invalidFields``), then the target (``DirAuthCoreError/Code/notFound``,
/// `permissionDenied`). A directory that does not answer is a `DirectoryError`.
public struct OTPService: Sendable {
    /// The longest name, realm or token a field may hold (ungleich-otp's `max_length=128`).
    public static let maximumFieldLength = OTPEntryName.maximumLength

    /// The settings (`DIRAUTH_OTP_*`).
    public let settings: OTPSettings
    let store: any OTPEntryStore
    let memberships: any MembershipDirectory
    let authenticator: OTPAuthenticator
    let random: RandomSource
    let events: any SecurityEventSink
    /// ``OTPSettings/singleUseRealms``, canonical: a realm is single-use in every spelling.
    let singleUseRealms: Set<CanonicalName>

    /// Creates the service.
    /// - Parameters:
    ///   - store: The OTP entries.
    ///   - memberships: Realm capabilities.
    ///   - settings: Window, lockout, single-use realms, seed display.
    ///   - now: The clock.
    ///   - random: Where new seeds come from.
    ///   - events: Receives what happened.
    public init(
        store: any OTPEntryStore, memberships: any MembershipDirectory, settings: OTPSettings,
        now: @escaping @Sendable () -> Date = { Date() }, random: RandomSource = .system, events: any SecurityEventSink
    ) {
        self.random = random
        self.store = store
        self.memberships = memberships
        self.settings = settings
        self.events = events
        self.singleUseRealms = Set(settings.singleUseRealms.map { CanonicalName($0) })
        self.authenticator = OTPAuthenticator(store: store, settings: settings, tracker: OTPFailureTracker(policy: settings.lockout), now: now, events: events)
    }

    // MARK: Callers

    /// Authenticates a caller and checks that its realm holds `capability`.
    /// - Parameters:
    ///   - caller: The caller's triple, or `nil` when the request carried none.
    ///   - capability: What the operation needs.
    ///   - address: The request's source address (failures are counted against it).
    /// - Returns: The caller's entry.
    /// - Throws: ``DirAuthCoreError`` or `DirectoryError`.
    public func authorize(_ caller: OTPCredential?, for capability: Capability, address: String?) async throws -> OTPEntry {
        let entry = try await authenticator.authenticate(try Self.usable(caller), role: .caller, address: address)
        try await requireCapability(capability, of: entry)
        return entry
    }

    /// A caller's triple as DRF's authentication read it: missing, blank or overlong values are
    /// refused like wrong ones.
    static func usable(_ caller: OTPCredential?) throws -> OTPCredential {
        guard let caller, case .token(let token) = caller.proof,
            [caller.name, caller.realm, token].allSatisfy({ !$0.isEmpty && $0.count <= maximumFieldLength })
        else {
            throw DirAuthCoreError.invalidCredentials("missing, blank or overlong caller fields")
        }
        return caller
    }

    /// Checks that the authenticated caller's realm holds `capability`.
    func requireCapability(_ capability: Capability, of caller: OTPEntry) async throws {
        let granted = try await memberships.capabilities(ofRealm: caller.realm)
        guard granted.contains(capability) else {
            events.record(SecurityEvent(.permissionDenied, subject: caller.subject, reason: "missing capability", details: ["capability": capability.rawValue]))
            throw DirAuthCoreError.permissionDenied("\(caller.subject) lacks the \(capability.rawValue) capability")
        }
    }

    // MARK: Verify

    /// Checks another triple for a caller with the verify capability.
    ///
    /// Both entries are read up front with one batch read (one LDAP search); the checks then
    /// run in the order and with the answers of reading each where it is needed: caller,
    /// capability, target fields, target. Target failures count against the target, not the
    /// caller's address: a verifier relaying end users' typos must not lock itself out.
    /// - Parameters:
    ///   - caller: The caller's triple.
    ///   - target: The triple asked about.
    ///   - address: The request's source address.
    /// - Throws: ``DirAuthCoreError`` (a refused target is `permissionDenied`) or `DirectoryError`.
    public func verify(caller: OTPCredential?, target: OTPTargetFields, address: String?) async throws {
        let caller = try Self.usable(caller)
        let problems = target.problems
        let targetCredential = target.credential
        let callerKey = OTPEntryKey(name: caller.name, realm: caller.realm)
        let targetKey = OTPEntryKey(name: targetCredential.name, realm: targetCredential.realm)
        // A read error is raised where the single read would have raised it (after the
        // source address check), so a locked address still gets its lockout answer.
        let prefetched: Result<[OTPEntryKey: OTPEntry], any Error>
        do {
            prefetched = .success(try await store.entries(for: problems.isEmpty ? [callerKey, targetKey] : [callerKey]))
        } catch {
            prefetched = .failure(error)
        }
        let callerEntry = try await authenticator.authenticate(caller, role: .caller, address: address) {
            try prefetched.get()[callerKey]
        }
        try await requireCapability(.verify, of: callerEntry)
        guard problems.isEmpty else { throw DirAuthCoreError.invalidFields(problems) }
        do {
            _ = try await authenticator.authenticate(targetCredential, role: .target, address: nil, singleUseRealms: singleUseRealms) {
                let entry = try prefetched.get()[targetKey]
                // A caller verifying its own triple may just have cleared its failure counter:
                // read the entry again rather than count from the value read before.
                if let entry, entry.id == callerEntry.id, callerEntry.lockout != OTPLockoutState() {
                    return try await store.entry(name: targetCredential.name, realm: targetCredential.realm)
                }
                return entry
            }
        } catch let error as DirAuthCoreError where error.code == .invalidCredentials {
            throw DirAuthCoreError.permissionDenied("target refused: \(error.diagnostic)")
        }
    }

    // MARK: Entries

    /// Every entry (list capability); seeds only with `DIRAUTH_OTP_SHOW_SEEDS`.
    /// - Parameters:
    ///   - caller: The caller's triple.
    ///   - address: The request's source address.
    /// - Throws: ``DirAuthCoreError`` or `DirectoryError`.
    public func list(caller: OTPCredential?, address: String?) async throws -> [OTPEntrySummary] {
        _ = try await authorize(caller, for: .list, address: address)
        return try await store.entries().map { OTPEntrySummary($0, seed: settings.showSeeds ? $0.secret : nil) }
    }

    /// One entry by id (list capability).
    /// - Parameters:
    ///   - id: The entry's id.
    ///   - caller: The caller's triple.
    ///   - address: The request's source address.
    /// - Throws: ``DirAuthCoreError`` (`notFound`, …) or `DirectoryError`.
    public func retrieve(id: String, caller: OTPCredential?, address: String?) async throws -> OTPEntrySummary {
        _ = try await authorize(caller, for: .list, address: address)
        let entry = try await existing(id)
        return OTPEntrySummary(entry, seed: settings.showSeeds ? entry.secret : nil)
    }

    /// A new entry with a new 160-bit seed, shown once (create capability).
    /// - Parameters:
    ///   - name: The new entry's name field.
    ///   - realm: The new entry's realm field.
    ///   - caller: The caller's triple.
    ///   - address: The request's source address.
    /// - Throws: ``DirAuthCoreError`` (`invalidFields`, `duplicateEntry`, `nameTooLong`, …) or `DirectoryError`.
    public func create(name: FieldInput, realm: FieldInput, caller: OTPCredential?, address: String?) async throws -> OTPEntrySummary {
        let callerEntry = try await authorize(caller, for: .create, address: address)
        let values = try Self.requiredTexts([name, realm])
        let secret = newSeed()
        let entry = try await writing { try await store.create(name: values[0], realm: values[1], secret: secret) }
        events.record(SecurityEvent(.otpEntryCreated, subject: entry.subject, actor: callerEntry.subject, sourceAddress: address))
        return OTPEntrySummary(entry, seed: secret)
    }

    /// Renames an entry (update capability); a partial update leaves absent fields as they are.
    /// - Parameters:
    ///   - id: The entry's id.
    ///   - name: The new name field.
    ///   - realm: The new realm field.
    ///   - partial: Whether absent fields keep their values (PATCH) or are required (PUT).
    ///   - caller: The caller's triple.
    ///   - address: The request's source address.
    /// - Throws: ``DirAuthCoreError`` or `DirectoryError`.
    public func update(
        id: String, name: FieldInput, realm: FieldInput, partial: Bool, caller: OTPCredential?, address: String?
    ) async throws -> OTPEntrySummary {
        let callerEntry = try await authorize(caller, for: .update, address: address)
        let values = try Self.texts([name, realm], optional: partial)
        let entry = try await existing(id)
        let renamed = try await writing { try await store.rename(entry, name: values[0] ?? entry.name, realm: values[1] ?? entry.realm) }
        events.record(SecurityEvent(.otpEntryUpdated, subject: renamed.subject, actor: callerEntry.subject, sourceAddress: address))
        return OTPEntrySummary(renamed, seed: nil)
    }

    /// Deletes an entry by id (delete capability).
    /// - Parameters:
    ///   - id: The entry's id.
    ///   - caller: The caller's triple.
    ///   - address: The request's source address.
    /// - Throws: ``DirAuthCoreError`` or `DirectoryError`.
    public func delete(id: String, caller: OTPCredential?, address: String?) async throws {
        let callerEntry = try await authorize(caller, for: .delete, address: address)
        let entry = try await existing(id)
        try await writing { try await store.delete(entry) }
        events.record(SecurityEvent(.otpEntryDeleted, subject: entry.subject, actor: callerEntry.subject, sourceAddress: address))
    }

    /// Deletes an entry by name and realm (delete capability; not in ungleich-otp, where it is a 405).
    /// - Parameters:
    ///   - name: The name field.
    ///   - realm: The realm field.
    ///   - caller: The caller's triple.
    ///   - address: The request's source address.
    /// - Throws: ``DirAuthCoreError`` or `DirectoryError`.
    public func delete(name: FieldInput, realm: FieldInput, caller: OTPCredential?, address: String?) async throws {
        let callerEntry = try await authorize(caller, for: .delete, address: address)
        let values = try Self.requiredTexts([name, realm])
        guard let entry = try await store.entry(name: values[0], realm: values[1]) else {
            throw DirAuthCoreError.notFound("no entry named so")
        }
        try await writing { try await store.delete(entry) }
        events.record(SecurityEvent(.otpEntryDeleted, subject: entry.subject, actor: callerEntry.subject, sourceAddress: address))
    }

    /// Gives an entry a new seed, shown once (update capability).
    /// - Parameters:
    ///   - id: The entry's id.
    ///   - caller: The caller's triple.
    ///   - address: The request's source address.
    /// - Throws: ``DirAuthCoreError`` or `DirectoryError`.
    public func rotate(id: String, caller: OTPCredential?, address: String?) async throws -> OTPEntrySummary {
        let callerEntry = try await authorize(caller, for: .update, address: address)
        let entry = try await existing(id)
        let secret = newSeed()
        try await writing { try await store.rotate(entry, secret: secret) }
        events.record(SecurityEvent(.otpSeedRotated, subject: entry.subject, actor: callerEntry.subject, sourceAddress: address))
        return OTPEntrySummary(entry, seed: secret)
    }

    // MARK: Helpers

    /// A new 160-bit seed (RFC 4226 §4 recommends 160 bits).
    private func newSeed() -> OTPSecret {
        var generator = random.generator()
        return OTPSecret.random(byteCount: 20, using: &generator)
    }

    /// The entry `id`.
    private func existing(_ id: String) async throws -> OTPEntry {
        guard let entry = try await store.entry(id: id) else { throw DirAuthCoreError.notFound("no entry with this id") }
        return entry
    }

    /// Runs a store write, turning the directory's refusals into the service's.
    private func writing<T>(_ write: () async throws -> T) async throws -> T {
        do {
            return try await write()
        } catch let error as DirectoryError where error.kind != .unavailable {
            switch error.kind {
            case .notFound: throw DirAuthCoreError.notFound(error.description)
            case .conflict: throw DirAuthCoreError.duplicateEntry(error.description)
            default: throw DirAuthCoreError.nameTooLong(error.description)
            }
        }
    }

    /// Name/realm fields checked in order (`OTPEntryName`'s rules); all present unless `optional`.
    private static func texts(_ inputs: [FieldInput], optional: Bool) throws -> [String?] {
        var problems: [FieldError] = []
        var values: [String?] = []
        for input in inputs {
            switch input.value {
            case .text(let text):
                switch OTPEntryName.problem(with: text) {
                case .blank?: problems.append(FieldError(input.field, .blank))
                case .tooLong(let maximum)?: problems.append(FieldError(input.field, .tooLong(maximum: maximum)))
                case .controlCharacters?: problems.append(FieldError(input.field, .controlCharacters))
                case nil: break
                }
                values.append(text)
            case .notAString:
                problems.append(FieldError(input.field, .notAString))
                values.append(nil)
            case .absent:
                if !optional { problems.append(FieldError(input.field, .missing)) }
                values.append(nil)
            }
        }
        guard problems.isEmpty else { throw DirAuthCoreError.invalidFields(problems) }
        return values
    }

    /// Name/realm fields checked in order, all required.
    private static func requiredTexts(_ inputs: [FieldInput]) throws -> [String] {
        try texts(inputs, optional: false).map { $0 ?? "" }
    }
}
