// SPDX-License-Identifier: Apache-2.0

import Directory
import Foundation
import LDAPClient
import SSHKeys
import TestSupport

/// The people, groups and realms every key and membership backend of the conformance suite
/// holds: the sample directory's (`ldif/sample.ldif.in`, a contract) and these additions.
///
/// ```
/// people   dave   no sshPublicKey at all                    → keys [], no groups
///          erin   unusable values and lines between two keys → keys [erin-1, erin-2]
///          Frank  a capital letter: "frank" is someone else  → keys [frank], groups [testers]
///          grace  grace ∈ nest-1 ∈ nest-2 ∈ nest-3 ∈ nest-4 ∈ nest-5 ∈ nest-1 (a cycle);
///                 grace ∈ realm people-realm; nest-2 ∈ realm nested-realm
/// groups   testers = Frank + the placeholder;  empty = the placeholder only
/// realms   empty-realm = the placeholder only; nested-r = the placeholder only, and
///          nested-r ∈ list directly, nested-r ∈ group cap-holders ∈ verify
/// list     also holds the placeholder beside ungleich-admin
/// ```
///
/// Memberships are given as the LDAP adapter resolves them at ``nestingDepth``; the in-memory
/// directory holds resolved memberships, so it is given those.
enum ConformanceFixture {
    /// The depth every backend is expected to resolve memberships to (the server's default).
    static let nestingDepth = 3

    /// A person, and what the ports answer for them.
    struct Person: Sendable {
        /// The `uid`, as stored.
        var name: String
        /// The stored `sshPublicKey` values; a value may hold several lines, some unusable.
        var keyValues: [String]
        /// The usable keys in stored order: the answer of `publicKeys(forUser:)`.
        var keys: [SSHPublicKey]
        /// The answer of `memberships(ofUser:)` at ``nestingDepth``.
        var memberships: Memberships
        /// Whether the sample directory holds the person already.
        var isSample: Bool
    }

    static let erinFirst = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKGcEqMTcDWIL1q4emFkOlVpB437Dq8NvYyXft0PseAY erin@conformance"
    static let erinSecond = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIN1ID9e4GjDOHkpKY0W75/19LVRXPLNFvT6e+r9yVgUr erin-second@conformance"
    static let frankKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA0og5CrcPHEuqvMskaJ28ZHCx9cnB5UwM7bnLvVIptL frank@conformance"
    /// RSA-1024: parsed, but refused as too short.
    static let shortRSA = """
        ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDfDngpiXfmGZZUf32w9agMt2kwYz1XcsNnWXkf3zhHTYFuyXp9G+B4/ro0BEY9LRKgn9ySo//0vahD8ZqZVsYoZRM/\
        DEKXWhdj5Kz0fFXHCDx/TiOO+MHTGEjEi5OIFyUuUi6VxcSg+lmXBSUmocyx6SsB0AzKwIvQrK+df6N5Sw== short@conformance
        """

    /// Everyone the backends know.
    static func people() throws -> [Person] {
        let alice = try fixtureLine("alice_rsa"), aliceEd = try fixtureLine("alice_ed25519")
        let bob = try fixtureLine("bob_ed25519"), carol = try fixtureLine("carol_rsa")
        let nested = (1...4).map { "nest-\($0)" }
        return [
            Person(name: "alice", keyValues: [alice, aliceEd], keys: try keys(alice, aliceEd),
                   memberships: Memberships(groups: ["developers", "operators"], realms: []), isSample: true),
            Person(name: "bob", keyValues: [bob], keys: try keys(bob), memberships: Memberships(groups: ["developers"], realms: []), isSample: true),
            Person(name: "carol", keyValues: [carol], keys: try keys(carol), memberships: Memberships(groups: ["operators"], realms: []), isSample: true),
            Person(name: "dave", keyValues: [], keys: [], memberships: Memberships(groups: [], realms: []), isSample: false),
            Person(
                name: "erin",
                keyValues: [
                    "ssh-ed25519 AAAA!!not-base64 broken",
                    "\(erinFirst)\n# a comment line\n\(shortRSA)",
                    "ssh-unknown AAAAB3NzaC1yc2E= unknown-type",
                    erinSecond,
                ],
                keys: try keys(erinFirst, erinSecond), memberships: Memberships(groups: [], realms: []), isSample: false
            ),
            Person(name: "Frank", keyValues: [frankKey], keys: try keys(frankKey), memberships: Memberships(groups: ["testers"], realms: []), isSample: false),
            Person(name: "grace", keyValues: [], keys: [], memberships: Memberships(groups: nested, realms: ["nested-realm", "people-realm"]), isSample: false),
        ]
    }

    /// The capabilities of every realm at ``nestingDepth``.
    static let capabilities: [String: Set<Capability>] = [
        "ungleich-admin": [.create, .delete, .list, .update],
        "ungleich-auth": [.verify],
        "services": [],
        "people-realm": [],
        "nested-realm": [],
        "empty-realm": [],
        "nested-r": [.list, .verify],
    ]

    // MARK: Backends

    /// The in-memory directory holding the same people and realms.
    static func inMemory() throws -> InMemoryDirectory {
        try inMemory(try people())
    }

    /// An in-memory directory holding `people` and every realm's capabilities.
    static func inMemory(_ people: [Person]) throws -> InMemoryDirectory {
        var users: [String: InMemoryDirectory.User] = [:]
        for person in people {
            users[person.name] = InMemoryDirectory.User(keys: person.keys, groups: person.memberships.groups, realms: person.memberships.realms)
        }
        return InMemoryDirectory(users: users, capabilities: capabilities)
    }

    /// A new folder of key files for `people`: crtauth's `<user>_id_rsa.pub` for the first
    /// value when it is an RSA key, `<user>_authorized_keys` for the rest (empty when there
    /// is nothing else), so that both layouts are read and concatenated in stored order.
    static func keyFolder(_ people: [Person]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("conformance-keys-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for person in people {
            var values = person.keyValues
            if let first = values.first, first.hasPrefix("ssh-rsa ") {
                try Data((first + "\n").utf8).write(to: folder.appendingPathComponent("\(person.name)_id_rsa.pub"))
                values.removeFirst()
            }
            let text = values.map { $0 + "\n" }.joined()
            try Data(text.utf8).write(to: folder.appendingPathComponent("\(person.name)_authorized_keys"))
        }
        return folder
    }

    /// Adds the people, groups and realms above to the sample directory in `directory`.
    static func load(into directory: ConformanceDirectory) async throws {
        let layout = directory.layout
        let admin = directory.admin
        func person(_ name: String) -> String { "uid=\(name),\(layout.peopleBase)" }
        func group(_ name: String) -> String { "cn=\(name),\(layout.groupBase)" }
        func realm(_ name: String) -> String { "cn=\(name),\(layout.realmBase)" }
        func capability(_ name: String) -> String { "cn=\(name),\(layout.capabilityBase)" }
        func groupOfNames(_ dn: String, _ cn: String, _ members: [String]) async throws {
            try await admin.add(dn: dn, attributes: ["objectClass": strings("groupOfNames"), "cn": strings(cn), "member": members.map { Array($0.utf8) }])
        }

        for someone in try people() where !someone.isSample {
            var attributes: [String: [[UInt8]]] = [
                "objectClass": strings("inetOrgPerson"), "uid": strings(someone.name), "cn": strings(someone.name), "sn": strings(someone.name),
            ]
            if !someone.keyValues.isEmpty {
                attributes["objectClass"] = strings("inetOrgPerson", "ldapPublicKey")
                attributes["sshPublicKey"] = someone.keyValues.map { Array($0.utf8) }
            }
            try await admin.add(dn: person(someone.name), attributes: attributes)
        }
        let placeholder = layout.placeholderMemberDN
        try await groupOfNames(group("testers"), "testers", [person("Frank"), placeholder])
        try await groupOfNames(group("empty"), "empty", [placeholder])
        try await groupOfNames(group("nest-1"), "nest-1", [person("grace"), group("nest-5")])
        for level in 2...5 {
            try await groupOfNames(group("nest-\(level)"), "nest-\(level)", [group("nest-\(level - 1)")])
        }
        try await groupOfNames(realm("people-realm"), "people-realm", [person("grace")])
        try await groupOfNames(realm("nested-realm"), "nested-realm", [group("nest-2")])
        try await groupOfNames(realm("empty-realm"), "empty-realm", [placeholder])
        try await groupOfNames(realm("nested-r"), "nested-r", [placeholder])
        try await groupOfNames(group("cap-holders"), "cap-holders", [realm("nested-r")])
        try await admin.modify(dn: capability("list"), changes: [.add("member", strings: [placeholder, realm("nested-r")])])
        try await admin.modify(dn: capability("verify"), changes: [.add("member", strings: [group("cap-holders")])])
    }

    // MARK: Helpers

    /// The OpenSSH line of the fixture key `name` (`Tests/Fixtures/keys/<name>.pub`), as the sample holds it.
    static func fixtureLine(_ name: String) throws -> String {
        let path = TestEnvironment.fixturesDirectory.appendingPathComponent("keys/\(name).pub").path
        return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func keys(_ lines: String...) throws -> [SSHPublicKey] {
        try lines.map { try SSHPublicKey(openSSHLine: $0) }
    }

    static func strings(_ values: String...) -> [[UInt8]] { values.map { Array($0.utf8) } }
}
