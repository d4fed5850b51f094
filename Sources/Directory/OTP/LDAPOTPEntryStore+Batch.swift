// SPDX-License-Identifier: Apache-2.0

import LDAPClient

extension LDAPOTPEntryStore {
    /// One one-level search below the OTP base,
    /// `(&(objectClass=oathTOTPToken)(|(&(cn=<name>)(ou=<realm>))…))` (values escaped as
    /// RFC 4515 §3 asks, through ``LDAPFilter``), then the same decoding (and realm
    /// membership compare) as ``entry(name:realm:)``.
    ///
    /// ``entry(name:realm:)`` reads the DN `cn=<name>+ou=<realm>`, which the server matches
    /// with `cn`'s and `ou`'s equality rule (caseIgnoreMatch). The filter matches any `cn`
    /// and `ou` value, so each found entry is assigned to the key its RDN names: first byte
    /// for byte, then by ``CanonicalName``. An entry the server matched but whose RDN names
    /// no key that way (an extra `cn`/`ou` value, or a folding of the server's that
    /// ``CanonicalName`` does not make) leaves the unassigned keys to ``entry(name:realm:)``,
    /// one search each, so the answer stays that of the single read.
    public func entries(for keys: [OTPEntryKey]) async throws -> [OTPEntryKey: OTPEntry] {
        var wanted: [OTPEntryKey] = []
        for key in keys where !wanted.contains(key) {
            guard OTPEntryName.problem(with: key.name) == nil, OTPEntryName.problem(with: key.realm) == nil else { continue }
            wanted.append(key)
        }
        guard !wanted.isEmpty else { return [:] }
        let filter = LDAPFilter.and([
            .equal("objectClass", "oathTOTPToken"),
            .or(wanted.map { .and([.equal("cn", $0.name), .equal("ou", $0.realm)]) }),
        ])
        let found = try await directoryOperation {
            try await client.search(base: layout.otpBase, scope: .oneLevel, filter: filter, attributes: Self.entryAttributes)
        }
        var named: [(entry: LDAPEntry, name: String, realm: String)] = []
        var unexplained = false
        for ldapEntry in found {
            if let key = OTPEntryKey(entryDN: ldapEntry.dn) {
                named.append((ldapEntry, key.name, key.realm))
            } else {
                unexplained = true
            }
        }
        var assigned: [OTPEntryKey: LDAPEntry] = [:]
        for key in wanted {
            assigned[key] = (named.first { $0.name == key.name && $0.realm == key.realm }
                ?? named.first { key.matches(name: $0.name, realm: $0.realm) })?.entry
        }
        if named.contains(where: { candidate in !wanted.contains { $0.matches(name: candidate.name, realm: candidate.realm) } }) {
            unexplained = true
        }
        var result: [OTPEntryKey: OTPEntry] = [:]
        for key in wanted {
            if let ldapEntry = assigned[key] {
                if let entry = try await decode(ldapEntry) { result[key] = entry }
            } else if unexplained, let entry = try await entry(name: key.name, realm: key.realm) {
                result[key] = entry
            }
        }
        return result
    }
}
