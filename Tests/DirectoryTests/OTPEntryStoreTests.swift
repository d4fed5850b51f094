import Directory
import Foundation
import LDAPClient
import Logging
import OTP
import TestSupport
import Testing

/// ``LDAPOTPEntryStore`` against the sample directory `make test` started.
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

    @Test("create makes the realm group, list/get find the entry, rotate replaces the seed, delete leaves the placeholder")
    func lifecycle() async throws {
        let fixture = try Fixture()
        let realm = fixture.realm
        do {
            let secret = OTPSecret.random()
            let created = try await fixture.store.create(name: "svc", realm: realm, secret: secret)
            #expect(created.name == "svc" && created.realm == realm)
            #expect(created.secret == secret)
            #expect(created.isValidForRealm)
            #expect(created.id.count == 36)
            #expect(try await fixture.members(realm).count == 1, "the new group's only member is the entry")

            let byID = try #require(try await fixture.store.entry(id: created.id))
            #expect(byID.name == "svc" && byID.secret == secret)
            #expect(try await fixture.store.entry(id: created.id.uppercased())?.id == created.id)
            #expect(try await fixture.store.entries().contains { $0.id == created.id })
            #expect(try await fixture.store.entry(id: "not-a-uuid") == nil)
            #expect(try await fixture.store.entry(name: "svc", realm: realm + "x") == nil)

            await #expect(throws: DirectoryError.conflict("")) {
                _ = try await fixture.store.create(name: "svc", realm: realm, secret: .random())
            }

            let second = try await fixture.store.create(name: "svc2", realm: realm, secret: .random())
            #expect(try await fixture.members(realm).count == 2)

            let newSecret = OTPSecret.random()
            try await fixture.store.rotate(byID, secret: newSecret)
            #expect(try await fixture.store.entry(name: "svc", realm: realm)?.secret == newSecret)

            try await fixture.store.delete(byID)
            #expect(try await fixture.store.entry(name: "svc", realm: realm) == nil)
            try await fixture.store.delete(second)
            let left = try await fixture.members(realm)
            #expect(left.count == 1)
            #expect(left.first.map { $0.lowercased().hasPrefix("cn=placeholder,") } == true, "the placeholder keeps the group valid")

            // Re-creating in a group holding only the placeholder drops the placeholder.
            _ = try await fixture.store.create(name: "svc3", realm: realm, secret: .random())
            let members = try await fixture.members(realm)
            #expect(members.count == 1)
            #expect(members.first.map { $0.lowercased().hasPrefix("cn=svc3+ou=") } == true)
        } catch {
            await fixture.cleanUp(realms: [realm])
            throw error
        }
        await fixture.cleanUp(realms: [realm])
    }

    @Test("rename moves the entry (same id), keeps the seed and the realm memberships right")
    func rename() async throws {
        let fixture = try Fixture()
        let other = fixture.realm + "-b"
        do {
            let secret = OTPSecret.random()
            let created = try await fixture.store.create(name: "before", realm: fixture.realm, secret: secret)
            let renamed = try await fixture.store.rename(created, name: "after", realm: other)
            #expect(renamed.name == "after" && renamed.realm == other)
            #expect(renamed.id == created.id)
            #expect(renamed.secret == secret)
            #expect(renamed.isValidForRealm)
            #expect(try await fixture.store.entry(name: "before", realm: fixture.realm) == nil)
            #expect(try await fixture.members(fixture.realm).allSatisfy { $0.lowercased().hasPrefix("cn=placeholder,") })
        } catch {
            await fixture.cleanUp(realms: [fixture.realm, other])
            throw error
        }
        await fixture.cleanUp(realms: [fixture.realm, other])
    }

    @Test("removing the realm membership with an admin modify disables the entry without deleting it")
    func membershipRemoval() async throws {
        let fixture = try Fixture()
        do {
            let created = try await fixture.store.create(name: "member", realm: fixture.realm, secret: .random())
            _ = try await fixture.store.create(name: "keeps-group-nonempty", realm: fixture.realm, secret: .random())
            try await fixture.sample.admin.modify(
                dn: fixture.realmDN(fixture.realm), changes: [.delete("member", value: Array(created.reference.utf8))]
            )
            let after = try #require(try await fixture.store.entry(name: "member", realm: fixture.realm))
            #expect(after.isValidForRealm == false)
        } catch {
            await fixture.cleanUp(realms: [fixture.realm])
            throw error
        }
        await fixture.cleanUp(realms: [fixture.realm])
    }

    @Test("the last used step advances by compare-and-swap: a stale reader loses")
    func compareAndSwap() async throws {
        let fixture = try Fixture()
        do {
            let created = try await fixture.store.create(name: "cas", realm: fixture.realm, secret: .random())
            #expect(created.lastUsedStep == nil)
            #expect(try await fixture.store.advanceLastUsedStep(of: created, to: 100))
            #expect(try await fixture.store.advanceLastUsedStep(of: created, to: 101) == false, "stale read: nil was replaced")
            let fresh = try #require(try await fixture.store.entry(id: created.id))
            #expect(fresh.lastUsedStep == 100)
            #expect(try await fixture.store.advanceLastUsedStep(of: fresh, to: 101))
            #expect(try await fixture.store.advanceLastUsedStep(of: fresh, to: 102) == false)
            #expect(try await fixture.store.entry(id: created.id)?.lastUsedStep == 101)
        } catch {
            await fixture.cleanUp(realms: [fixture.realm])
            throw error
        }
        await fixture.cleanUp(realms: [fixture.realm])
    }

    @Test("failure counters live in the directory: lock at the threshold, clear on demand")
    func lockoutCounters() async throws {
        let fixture = try Fixture()
        do {
            let policy = OTPLockoutPolicy(threshold: 3, window: 300, duration: 900)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            var entry = try await fixture.store.create(name: "lock", realm: fixture.realm, secret: .random())
            for expected in 1...3 {
                let state = try await fixture.store.recordFailure(of: entry, at: now, policy: policy)
                #expect(state.failures == expected)
                entry = try #require(try await fixture.store.entry(id: entry.id))
                #expect(entry.lockout.failures == expected)
            }
            #expect(entry.lockout.isLocked(at: now, policy: policy))
            #expect(entry.lockout.until == now.addingTimeInterval(900))
            #expect(entry.lockout.isLocked(at: now.addingTimeInterval(901), policy: policy) == false)
            // A stale copy of the entry still counts correctly (compare-and-swap re-reads).
            let stale = entry
            try await fixture.store.clearFailures(of: entry)
            #expect(try await fixture.store.entry(id: entry.id)?.lockout.failures == 0)
            _ = try await fixture.store.recordFailure(of: stale, at: now.addingTimeInterval(1000), policy: policy)
            #expect(try await fixture.store.entry(id: entry.id)?.lockout.failures == 1)
        } catch {
            await fixture.cleanUp(realms: [fixture.realm])
            throw error
        }
        await fixture.cleanUp(realms: [fixture.realm])
    }

    @Test(
        "LDAP-special and non-ASCII names are stored verbatim and found again",
        arguments: ["a*b", ")(cn=*", "back\\slash", "comma,plus+equals=", "Zürich ☃", " #lead", "quote\"semi;<>"]
    )
    func specialNames(name: String) async throws {
        let fixture = try Fixture()
        let realm = fixture.realm + ",+=*"
        do {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            let created = try await fixture.store.create(name: trimmed, realm: realm, secret: .random())
            #expect(created.name == trimmed)
            #expect(created.realm == realm)
            #expect(created.isValidForRealm)
            #expect(try await fixture.store.entry(name: trimmed, realm: realm)?.id == created.id)
            #expect(try await fixture.store.entry(id: created.id)?.name == trimmed)
            #expect(try await fixture.store.entry(name: "*", realm: realm) == nil, "a wildcard is not a wildcard")
        } catch {
            await fixture.cleanUp(realms: [realm])
            throw error
        }
        await fixture.cleanUp(realms: [realm])
    }

    @Test("names over 128 characters, blank names and control characters are refused")
    func invalidNames() async throws {
        let fixture = try Fixture()
        for name in [String(repeating: "x", count: 129), "", "tab\there"] {
            await #expect(throws: DirectoryError.invalidInput("")) {
                _ = try await fixture.store.create(name: name, realm: fixture.realm, secret: .random())
            }
            #expect(try await fixture.store.entry(name: name, realm: fixture.realm) == nil)
        }
        // 128 ASCII characters fit; 128 two-byte characters exceed slapd's RDN key limit and
        // are refused as input, not reported as an outage.
        let longest = String(repeating: "n", count: 128)
        let created = try await fixture.store.create(name: longest, realm: fixture.realm, secret: .random())
        #expect(created.name == longest)
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
