// SPDX-License-Identifier: Apache-2.0

import Directory
import Foundation
import LDAPClient
import OTP
import TestSupport
import Testing

/// The reads of an ungleich-otp verify against a private slapd, counted with `cn=Monitor`:
/// the batch entry read and the capability lookup make one search each.
@Suite("OTP batch read and capability lookup (slapd, searches counted)")
struct OTPBatchReadTests {
    static func strings(_ values: String...) -> [[UInt8]] { values.map { Array($0.utf8) } }

    @Test("a batch read answers as one single read per key does, with one search")
    func batchMatchesSingleReads() async throws {
        try await SearchCountingDirectory.with { directory in
            let store = directory.otp
            let otpBase = directory.layout.otpBase
            // An entry whose RDN is trap+r1 but which also holds ou=r2: the filter for (trap, r2)
            // matches it, the single read of cn=trap+ou=r2 does not find it.
            try await directory.admin.add(dn: "cn=trap+ou=r1,\(otpBase)", attributes: [
                "objectClass": Self.strings("applicationProcess", "oathTOTPToken"),
                "cn": Self.strings("trap"), "ou": Self.strings("r1", "r2"), "oathSecret": [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
            ])
            let keys = [
                OTPEntryKey(name: "demo-verifier", realm: "ungleich-auth"),
                OTPEntryKey(name: "demo-service", realm: "services"),
                OTPEntryKey(name: "DEMO-Service", realm: "SERVICES"),
                OTPEntryKey(name: "demo-service", realm: "services"),
                OTPEntryKey(name: "nobody", realm: "services"),
                OTPEntryKey(name: "", realm: "services"),
                OTPEntryKey(name: "a*)(cn=*", realm: "services"),
                OTPEntryKey(name: "trap", realm: "r1"),
                OTPEntryKey(name: "trap", realm: "r2"),
            ]
            let batch = try await store.entries(for: keys)
            for key in keys {
                let single = try await store.entry(name: key.name, realm: key.realm)
                #expect(batch[key] == single, "\(key.name)@\(key.realm)")
            }
            #expect(batch[keys[0]]?.isValidForRealm == true)
            #expect(batch[keys[2]]?.name == "demo-service", "the stored spelling, as the single read gives")
            #expect(batch[keys[7]] != nil && batch[keys[8]] == nil)
            #expect(try await store.entries(for: [OTPEntryKey(name: "", realm: "")]).isEmpty)

            // The parameters entry is cached by the store now: a verify's pair is one search.
            let pair = [keys[0], keys[1]]
            var found: [OTPEntryKey: OTPEntry] = [:]
            let searches = try await directory.searches { found = try await store.entries(for: pair) }
            #expect(found.count == 2)
            #expect(searches == 1)
            let singles = try await directory.searches {
                for key in pair { _ = try await store.entry(name: key.name, realm: key.realm) }
            }
            #expect(singles == 2, "the monitor counts what it should: one search per single read")
        }
    }

    @Test("a realm's capabilities take one search when listed directly, one per level when nested")
    func capabilitySearches() async throws {
        try await SearchCountingDirectory.with { directory in
            let layout = directory.layout
            let memberships = directory.memberships(nestingDepth: 3)
            var granted: Set<Capability> = []
            var searches = try await directory.searches { granted = try await memberships.capabilities(ofRealm: "ungleich-admin") }
            #expect(granted == [.create, .delete, .list, .update])
            #expect(searches == 1)
            searches = try await directory.searches { granted = try await memberships.capabilities(ofRealm: "ungleich-auth") }
            #expect(granted == [.verify])
            #expect(searches == 1)

            // realm nested-r ∈ group nested-g ∈ capability verify; the realm also sits directly in list.
            let realmDN = "cn=nested-r,\(layout.realmBase)"
            let groupDN = "cn=nested-g,\(layout.groupBase)"
            try await directory.admin.add(dn: realmDN, attributes: [
                "objectClass": Self.strings("groupOfNames"), "cn": Self.strings("nested-r"), "member": Self.strings(layout.placeholderMemberDN),
            ])
            try await directory.admin.add(dn: groupDN, attributes: [
                "objectClass": Self.strings("groupOfNames"), "cn": Self.strings("nested-g"), "member": Self.strings(realmDN),
            ])
            try await directory.admin.modify(dn: "cn=verify,\(layout.capabilityBase)", changes: [.add("member", strings: [groupDN])])
            try await directory.admin.modify(dn: "cn=list,\(layout.capabilityBase)", changes: [.add("member", strings: [realmDN])])
            searches = try await directory.searches { granted = try await memberships.capabilities(ofRealm: "nested-r") }
            #expect(granted == [.verify, .list])
            #expect(searches == 2, "level 0 finds list and nested-g, level 1 asks only who contains nested-g")
            #expect(try await directory.memberships(nestingDepth: 0).capabilities(ofRealm: "nested-r") == [.list])
            #expect(try await memberships.capabilities(ofRealm: "no-such-realm").isEmpty)
        }
    }
}
