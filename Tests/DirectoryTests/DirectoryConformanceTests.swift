import Directory
import SSHKeys
import Testing

/// The directory ports answer the same against slapd and in memory (dex's conformance idea):
/// the sample directory's people, keys, groups and capabilities.
@Suite("Directory conformance")
struct DirectoryConformanceTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case ldap, inMemory
        var testDescription: String { rawValue }
    }

    /// Runs `body` with both ports of `backend`.
    func withDirectory(
        _ backend: Backend,
        _ body: (any PublicKeyDirectory, any MembershipDirectory) async throws -> Void
    ) async throws {
        switch backend {
        case .ldap:
            let sample = try SampleDirectory()
            do {
                try await body(sample.keys(), sample.memberships())
            } catch {
                await sample.shutdown()
                throw error
            }
            await sample.shutdown()
        case .inMemory:
            let directory = try SampleDirectory.inMemory()
            try await body(directory, directory)
        }
    }

    @Test("every key of a user, in directory order", arguments: Backend.allCases)
    func keysInOrder(backend: Backend) async throws {
        try await withDirectory(backend) { keys, _ async throws in
            let alice = try #require(try await keys.publicKeys(forUser: "alice"))
            #expect(alice == [try SampleDirectory.fixtureKey("alice_rsa"), try SampleDirectory.fixtureKey("alice_ed25519")])
            #expect(alice.map(\.type) == [.rsa, .ed25519])
            #expect(try await keys.publicKeys(forUser: "bob") == [try SampleDirectory.fixtureKey("bob_ed25519")])
            #expect(try await keys.publicKeys(forUser: "carol") == [try SampleDirectory.fixtureKey("carol_rsa")])
        }
    }

    @Test(
        "unknown users and filter-injection attempts are unknown, not errors",
        arguments: Backend.allCases,
        ["mallory", "ALICE", "Alice", "*", "alice)(uid=*", "alice*", "*)(|(uid=*", "\\", "alice\0", "\0", "ali\\63e", "", "alice\u{301}"]
    )
    func unknownUsers(backend: Backend, username: String) async throws {
        try await withDirectory(backend) { keys, memberships async throws in
            #expect(try await keys.publicKeys(forUser: username) == nil)
            #expect(try await memberships.memberships(ofUser: username) == nil)
        }
    }

    @Test("groups of people, by name", arguments: Backend.allCases)
    func groups(backend: Backend) async throws {
        try await withDirectory(backend) { _, memberships async throws in
            #expect(try await memberships.memberships(ofUser: "alice") == Memberships(groups: ["developers", "operators"], realms: []))
            #expect(try await memberships.memberships(ofUser: "bob") == Memberships(groups: ["developers"], realms: []))
            #expect(try await memberships.memberships(ofUser: "carol") == Memberships(groups: ["operators"], realms: []))
        }
    }

    @Test("capabilities of realms: ungleich's table", arguments: Backend.allCases)
    func capabilities(backend: Backend) async throws {
        try await withDirectory(backend) { _, memberships async throws in
            #expect(try await memberships.capabilities(ofRealm: "ungleich-admin") == [.create, .delete, .list, .update])
            #expect(try await memberships.capabilities(ofRealm: "ungleich-auth") == [.verify])
            #expect(try await memberships.capabilities(ofRealm: "services") == [])
            #expect(try await memberships.capabilities(ofRealm: "no-such-realm") == [])
            #expect(try await memberships.capabilities(ofRealm: "ungleich-admin,ou=realms") == [])
            #expect(try await memberships.capabilities(ofRealm: "*") == [])
        }
    }
}
