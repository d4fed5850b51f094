// SPDX-License-Identifier: Apache-2.0

import Directory
import Foundation
import LDAPClient
import Logging
import OTP
import TestSupport
import Testing

/// What only ``LDAPOTPEntryStore`` does, against the sample directory `make test` started:
/// the realm groups and their placeholder member, slapd's own limits, the sample's demo
/// entries. The port's contract, which every store answers, is ``DirectoryConformance/OTPEntryStoreContract``.
@Suite("LDAP OTP entry store (slapd)")
struct OTPEntryStoreTests {
    /// The service and admin views of the sample directory, plus a private realm.
    struct Fixture {
        let sample: SampleDirectory
        let store: LDAPOTPEntryStore
        let realm = "otpstore-" + String(UUID().uuidString.prefix(8)).lowercased()

        init() throws {
            sample = try SampleDirectory()
            store = LDAPOTPEntryStore(client: sample.service, layout: sample.layout, logger: Logger(label: "test"))
        }

        func realmDN(_ realm: String) -> String {
            LDAPDistinguishedName.dn([LDAPDistinguishedName.rdn("cn", realm)], parent: sample.layout.realmBase)
        }

        func members(_ realm: String) async throws -> [String] {
            try await sample.admin.search(base: realmDN(realm), scope: .base, attributes: ["member"]).first?.strings("member") ?? []
        }

        func cleanUp(realms: [String]) async {
            for entry in (try? await store.entries()) ?? [] where realms.contains(entry.realm) {
                try? await store.delete(entry)
            }
            for realm in realms { try? await sample.admin.delete(dn: realmDN(realm)) }
            await sample.shutdown()
        }
    }

    @Test("the realm group: created with the first entry, the placeholder kept when the last member leaves and dropped when one comes back")
    func realmGroupAndPlaceholder() async throws {
        let fixture = try Fixture()
        let realm = fixture.realm
        let other = realm + "-b"
        do {
            let created = try await fixture.store.create(name: "svc", realm: realm, secret: .random())
            #expect(try await fixture.members(realm).count == 1, "the new group's only member is the entry")
            let second = try await fixture.store.create(name: "svc2", realm: realm, secret: .random())
            #expect(try await fixture.members(realm).count == 2)

            try await fixture.store.delete(created)
            try await fixture.store.delete(second)
            let left = try await fixture.members(realm)
            #expect(left.count == 1)
            #expect(left.first.map { $0.lowercased().hasPrefix("cn=placeholder,") } == true, "the placeholder keeps the group valid")

            // Re-creating in a group holding only the placeholder drops the placeholder.
            let third = try await fixture.store.create(name: "svc3", realm: realm, secret: .random())
            let members = try await fixture.members(realm)
            #expect(members.count == 1)
            #expect(members.first.map { $0.lowercased().hasPrefix("cn=svc3+ou=") } == true)

            // A rename out of the realm leaves the placeholder behind.
            _ = try await fixture.store.rename(third, name: "svc3", realm: other)
            #expect(try await fixture.members(realm).allSatisfy { $0.lowercased().hasPrefix("cn=placeholder,") })
            #expect(try await fixture.members(other).count == 1)
        } catch {
            await fixture.cleanUp(realms: [realm, other])
            throw error
        }
        await fixture.cleanUp(realms: [realm, other])
    }

    @Test("128 two-byte characters exceed slapd's RDN key limit: refused as input, not reported as an outage")
    func longUTF8Names() async throws {
        let fixture = try Fixture()
        await #expect(throws: DirectoryError.invalidInput("")) {
            _ = try await fixture.store.create(name: String(repeating: "é", count: 128), realm: fixture.realm, secret: .random())
        }
        await fixture.cleanUp(realms: [fixture.realm])
    }

    @Test("the sample's demo entries read with the directory's parameters and memberships")
    func demoEntries() async throws {
        let fixture = try Fixture()
        let environment = try TestEnvironment.directory()
        for key in ["DEMO_OTP_ADMIN", "DEMO_OTP_VERIFIER", "DEMO_OTP_SERVICE"] {
            let parts = try environment.require(key).split(separator: ":").map(String.init)
            try #require(parts.count == 3)
            let entry = try #require(try await fixture.store.entry(name: parts[0], realm: parts[1]))
            #expect(entry.secret == (try OTPSecret(base32: parts[2])))
            #expect(entry.parameters == TOTPParameters())
            #expect(entry.isValidForRealm)
        }
        await fixture.sample.shutdown()
    }
}
