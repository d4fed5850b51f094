// SPDX-License-Identifier: Apache-2.0

public import Caching
import Foundation
public import LDAPClient
public import Logging
public import OTP

/// OTP entries in LDAP, as laid out in the sample directory (`ldif/sample.ldif.in`):
///
/// ```
/// cn=<name>+ou=<realm>,<otp base>   applicationProcess + oathTOTPToken + dirauthLockout
///     oathSecret (raw bytes), oathTOTPParams (DN), oathTOTPLastTimeStep,
///     dirauthFailureCount, dirauthLockedUntil
/// cn=<realm>,<realm base>           groupOfNames; member = the entries valid for the realm
/// ```
///
/// Every name and realm goes into DNs through ``LDAPDistinguishedName`` (RFC 4514 escaping)
/// and into filters through ``LDAPFilter`` values; nothing is pasted into a string.
///
/// The `oathTOTPParams` entries that OTP entries refer to (usually the one shared
/// `cn=totp-params,<otp base>`) are read once and kept in a ``TTLCache`` for
/// ``defaultParameterCacheConfiguration``'s lifetime. The store is a
/// ``DirectoryCacheInvalidating`` for that cache: a change below the OTP base that is not an
/// OTP entry (``DirectoryChange/otpOther``, the parameters entry) or a gap in the change feed
/// forgets the parameters, so entries read afterwards carry the new ones.
/// ``CachingOTPEntryStore`` passes the invalidations it receives on to the store it wraps.
public struct LDAPOTPEntryStore: OTPEntryStore, DirectoryCacheInvalidating {
    let client: LDAPConnectionPool
    let layout: DirectoryLayout
    let logger: Logger
    let parameterCache: ParameterCache

    /// The parameter cache's settings: found parameters live 60 s (the feed usually
    /// forgets them sooner), at most 100 distinct parameter entries, no jitter,
    /// no refresh-ahead and no stale-if-error (an entry that cannot be read fails anyway).
    public static let defaultParameterCacheConfiguration = TTLCacheConfiguration(
        ttl: .seconds(60), negativeTTL: .seconds(60), jitter: 0, maxEntries: 100, refreshAhead: nil, maxStale: .zero
    )

    /// The attributes read for an entry.
    static let entryAttributes = [
        "cn", "ou", "objectClass", "entryUUID", "oathSecret", "oathTOTPParams", "oathTOTPLastTimeStep",
        "dirauthFailureCount", "dirauthLockedUntil",
    ]

    /// Creates the adapter, its parameter cache timed by the `ContinuousClock`.
    /// - Parameters:
    ///   - client: The LDAP pool (bound as dirauthd, which may read and write `ou=otp` and `ou=realms`).
    ///   - layout: Where OTP entries, realms and the placeholder live.
    ///   - logger: For diagnostics (never seeds).
    public init(client: LDAPConnectionPool, layout: DirectoryLayout, logger: Logger) {
        self.init(client: client, layout: layout, parameterCache: Self.defaultParameterCacheConfiguration, clock: ContinuousClock(), logger: logger)
    }

    /// Creates the adapter with the parameter cache's settings and clock given.
    /// - Parameters:
    ///   - client: The LDAP pool (bound as dirauthd, which may read and write `ou=otp` and `ou=realms`).
    ///   - layout: Where OTP entries, realms and the placeholder live.
    ///   - parameterCache: Lifetimes and bounds of the cached `oathTOTPParams` entries.
    ///   - clock: The clock deciding their expiry (a manual clock in tests).
    ///   - logger: For diagnostics (never seeds).
    public init<C: Clock>(
        client: LDAPConnectionPool, layout: DirectoryLayout, parameterCache configuration: TTLCacheConfiguration, clock: C, logger: Logger
    ) where C.Duration == Duration {
        self.client = client
        self.layout = layout
        self.logger = logger
        let cache = TTLCache<String, TOTPParameters, C>(configuration: configuration, clock: clock) { dn in
            try await Self.loadParameters(dn, client: client, logger: logger)
        }
        self.parameterCache = ParameterCache(
            value: { dn in try await cache.value(for: dn) ?? TOTPParameters() },
            invalidateAll: { cache.invalidateAll() }
        )
    }

    /// The DN of the parameters entry new entries refer to: `cn=totp-params,<otp base>`.
    public var parametersDN: String {
        LDAPDistinguishedName.dn([LDAPDistinguishedName.rdn("cn", "totp-params")], parent: layout.otpBase)
    }

    /// `cn=<name>+ou=<realm>,<otp base>`.
    func entryDN(name: String, realm: String) -> String {
        LDAPDistinguishedName.dn([OTPEntryKey(name: name, realm: realm).rdn], parent: layout.otpBase)
    }

    /// `cn=<realm>,<realm base>`.
    func realmDN(_ realm: String) -> String {
        LDAPDistinguishedName.dn([LDAPDistinguishedName.rdn("cn", realm)], parent: layout.realmBase)
    }

    public func entry(name: String, realm: String) async throws -> OTPEntry? {
        guard OTPEntryName.problem(with: name) == nil, OTPEntryName.problem(with: realm) == nil else { return nil }
        let found: [LDAPEntry]
        do {
            found = try await directoryOperation {
                try await client.search(
                    base: entryDN(name: name, realm: realm), scope: .base,
                    filter: .equal("objectClass", "oathTOTPToken"), attributes: Self.entryAttributes
                )
            }
        } catch let error as DirectoryError where error.kind == .notFound || error.kind == .invalidInput {
            return nil
        }
        guard let ldapEntry = found.first else { return nil }
        return try await decode(ldapEntry)
    }

    public func entry(id: String) async throws -> OTPEntry? {
        guard Self.isUUID(id) else { return nil }
        let found = try await directoryOperation {
            try await client.search(
                base: layout.otpBase, scope: .oneLevel,
                filter: .and([.equal("objectClass", "oathTOTPToken"), .equal("entryUUID", id.lowercased())]),
                attributes: Self.entryAttributes, sizeLimit: 2
            )
        }
        guard found.count == 1, let ldapEntry = found.first else { return nil }
        return try await decode(ldapEntry)
    }

    /// Every entry with its realm membership: one search for the entries and one for the
    /// realm groups' members, so the list costs two searches however long it is. An entry
    /// whose DN is not among its group's `member` values as read is confirmed with a compare,
    /// as a single read does (the server, not a string comparison, decides a non-member).
    public func entries() async throws -> [OTPEntry] {
        let found = try await directoryOperation {
            try await client.searchAll(
                base: layout.otpBase, scope: .oneLevel, filter: .equal("objectClass", "oathTOTPToken"),
                attributes: Self.entryAttributes
            )
        }
        let members = try await realmMembers()
        var result: [OTPEntry] = []
        for ldapEntry in found {
            guard var entry = try await decode(ldapEntry, checkMembership: false) else { continue }
            if members[entry.realm.lowercased()]?.contains(ldapEntry.dn.lowercased()) != true {
                entry.isValidForRealm = try await isMember(ldapEntry.dn, realm: entry.realm)
            }
            result.append(entry)
        }
        return result.sorted { ($0.realm, $0.name) < ($1.realm, $1.name) }
    }

    public func create(name: String, realm: String, secret: OTPSecret) async throws -> OTPEntry {
        try OTPEntryName.validate(name, field: "name")
        try OTPEntryName.validate(realm, field: "realm")
        let dn = entryDN(name: name, realm: realm)
        try await add(dn: dn, name: name, realm: realm, secret: secret, lastUsedStep: nil)
        try await addMembership(dn, realm: realm)
        guard let created = try await entry(name: name, realm: realm) else {
            throw DirectoryError.notFound("the new OTP entry \(dn) vanished")
        }
        return created
    }

    public func rename(_ entry: OTPEntry, name: String, realm: String) async throws -> OTPEntry {
        try OTPEntryName.validate(name, field: "name")
        try OTPEntryName.validate(realm, field: "realm")
        let newDN = entryDN(name: name, realm: realm)
        if LDAPDistinguishedName.same(newDN, entry.reference) { return entry }
        // A modify-DN (RFC 4511 §4.9) keeps the entry, so its entryUUID (the API id), seed and
        // counters stay; the old RDN values are replaced. Group membership is by DN, so it moves too.
        let newRDN = OTPEntryKey(name: name, realm: realm).rdn
        do {
            try await client.rename(dn: entry.reference, newRDN: newRDN, deleteOldRDN: true)
        } catch let error as LDAPError where error.code == .alreadyExists {
            throw DirectoryError.conflict("an OTP entry \(name)@\(realm) exists already")
        } catch let error as LDAPError {
            throw error.asDirectoryError
        }
        try await addMembership(newDN, realm: realm)
        try await removeMembership(entry.reference, realm: entry.realm)
        guard let renamed = try await self.entry(name: name, realm: realm) else {
            throw DirectoryError.notFound("the renamed OTP entry \(newDN) vanished")
        }
        return renamed
    }

    public func rotate(_ entry: OTPEntry, secret: OTPSecret) async throws {
        try await directoryOperation {
            try await client.modify(dn: entry.reference, changes: [
                .replace("oathSecret", values: [secret.bytes]),
                .replace("oathTOTPLastTimeStep", values: []),
            ])
        }
    }

    public func delete(_ entry: OTPEntry) async throws {
        try await removeMembership(entry.reference, realm: entry.realm)
        do {
            try await directoryOperation { try await client.delete(dn: entry.reference) }
        } catch let error as DirectoryError where error.kind == .notFound {
            // Deleted meanwhile: the outcome is the same.
        }
    }

    public func advanceLastUsedStep(of entry: OTPEntry, to step: Int64) async throws -> Bool {
        // Only forward: the step read again (or an older one) is a replay whatever is stored.
        if let last = entry.lastUsedStep, step <= last { return false }
        let new = Array(String(step).utf8)
        // oathTOTPLastTimeStep is single-valued: "delete: old / add: new" in one modify fails
        // with noSuchAttribute when another instance changed it first (RFC 4511 §4.6 is atomic).
        let changes: [LDAPModification] = entry.lastUsedStep.map {
            LDAPModification.compareAndSwap("oathTOTPLastTimeStep", old: Array(String($0).utf8), new: new)
        } ?? [.add("oathTOTPLastTimeStep", values: [new])]
        do {
            try await client.modify(dn: entry.reference, changes: changes)
            return true
        } catch let error as LDAPError where [.noSuchAttribute, .attributeOrValueExists, .constraintViolation].contains(error.code) {
            return false
        } catch let error as LDAPError {
            throw error.asDirectoryError
        }
    }

    // MARK: Helpers

    private func add(dn: String, name: String, realm: String, secret: OTPSecret, lastUsedStep: Int64?) async throws {
        var attributes: [String: [[UInt8]]] = [
            "objectClass": [Array("applicationProcess".utf8), Array("oathTOTPToken".utf8), Array("dirauthLockout".utf8)],
            "cn": [Array(name.utf8)],
            "ou": [Array(realm.utf8)],
            "oathSecret": [secret.bytes],
            "oathTOTPParams": [Array(parametersDN.utf8)],
        ]
        if let lastUsedStep { attributes["oathTOTPLastTimeStep"] = [Array(String(lastUsedStep).utf8)] }
        do {
            try await client.add(dn: dn, attributes: attributes)
        } catch let error as LDAPError where error.code == .other {
            // slapd's back-mdb keeps an RDN (pretty and normalised) in one index key of at most
            // 511 bytes: name and realm together may hold about 236 bytes of UTF-8. Longer
            // pairs fail with "other" (80); that is the caller's input, not an outage.
            throw DirectoryError.invalidInput("name and realm are too long together for the directory (\(error))")
        } catch let error as LDAPError {
            throw error.asDirectoryError
        }
    }

    /// An ``OTPEntry`` from a search result; `nil` for entries dirauth cannot use (no seed,
    /// an RDN that is not `cn=…+ou=…`).
    func decode(_ ldapEntry: LDAPEntry, checkMembership: Bool = true) async throws -> OTPEntry? {
        guard let key = OTPEntryKey(entryDN: ldapEntry.dn),
            let id = ldapEntry.string("entryUUID"), let secretBytes = ldapEntry.values("oathSecret").first, !secretBytes.isEmpty
        else {
            logger.debug("skipped an unusable OTP entry", metadata: ["dn": "\(ldapEntry.dn)"])
            return nil
        }
        let (name, realm) = (key.name, key.realm)
        let parameters = try await parameters(of: ldapEntry.string("oathTOTPParams"))
        let member = checkMembership ? try await isMember(ldapEntry.dn, realm: realm) : true
        let lockout = OTPLockoutState(
            failures: ldapEntry.string("dirauthFailureCount").flatMap { Int($0) } ?? 0,
            until: ldapEntry.string("dirauthLockedUntil").flatMap(GeneralizedTime.parse)
        )
        return OTPEntry(
            id: id.lowercased(), name: name, realm: realm, secret: OTPSecret(bytes: secretBytes), parameters: parameters,
            lastUsedStep: ldapEntry.string("oathTOTPLastTimeStep").flatMap { Int64($0) }, isValidForRealm: member,
            lockout: lockout, reference: ldapEntry.dn
        )
    }

    /// The TOTP parameters of an `oathTOTPParams` entry (cached), or pyotp's defaults.
    func parameters(of dn: String?) async throws -> TOTPParameters {
        guard let dn, !dn.isEmpty else { return TOTPParameters() }
        return try await parameterCache.value(dn.lowercased())
    }

    /// Reads a parameters entry: pyotp's defaults when it is missing or unusable.
    /// - Throws: ``DirectoryError`` when the directory cannot answer (not cached).
    static func loadParameters(_ dn: String, client: LDAPConnectionPool, logger: Logger) async throws -> TOTPParameters {
        let found: [LDAPEntry]
        do {
            found = try await directoryOperation {
                try await client.search(
                    base: dn, scope: .base, attributes: ["oathHMACAlgorithm", "oathOTPLength", "oathTOTPTimeStepPeriod"]
                )
            }
        } catch let error as DirectoryError where error.kind == .notFound || error.kind == .invalidInput {
            found = []
        }
        var parameters = TOTPParameters()
        if let entry = found.first {
            switch entry.string("oathHMACAlgorithm") {
            case "1.2.840.113549.2.9": parameters.algorithm = .sha256
            case "1.2.840.113549.2.11": parameters.algorithm = .sha512
            default: parameters.algorithm = .sha1  // 1.2.840.113549.2.7 (hmacWithSHA1)
            }
            if let digits = entry.string("oathOTPLength").flatMap({ Int($0) }) { parameters.digits = digits }
            if let period = entry.string("oathTOTPTimeStepPeriod").flatMap({ Int($0) }) { parameters.period = period }
            if (try? parameters.validate()) == nil {
                logger.warning("unusable TOTP parameters; using SHA-1/6/30", metadata: ["dn": "\(dn)"])
                parameters = TOTPParameters()
            }
        }
        return parameters
    }

    /// Whether `text` looks like an `entryUUID` (RFC 4530: 8-4-4-4-12 hex digits).
    static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                    || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
                else { return false }
            }
        }
        return true
    }

    /// The parameter cache, whatever its clock: a ``TTLCache`` seen through two closures,
    /// so that the store's type does not depend on the clock.
    struct ParameterCache: Sendable {
        /// The parameters of a (lower-cased) DN, from the cache or the directory.
        let value: @Sendable (String) async throws -> TOTPParameters
        /// Forgets every parameters entry.
        let invalidateAll: @Sendable () -> Void
    }

    // MARK: DirectoryCacheInvalidating (the parameter cache)

    /// Forgets the cached parameters when something below the OTP base other than an OTP
    /// entry changed (the parameters entry is such a change); other changes leave them.
    public func invalidate(for change: DirectoryChange) async {
        if change == .otpOther { parameterCache.invalidateAll() }
    }

    /// Forgets the cached parameters.
    public func invalidateAll() async {
        parameterCache.invalidateAll()
    }

    /// `0`: cached parameters answer no lookup by themselves (an entry must still be read),
    /// so they are not entries the caches could serve while the directory is down.
    public func servableEntryCount() async -> Int { 0 }
}
