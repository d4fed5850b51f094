// SPDX-License-Identifier: Apache-2.0

import Directory
import Foundation
import LDAPClient
import Logging
import SSHKeys
import TestSupport

/// The sample directory `make test` started, seen as dirauthd sees it (service account)
/// and as an administrator who changes it.
struct SampleDirectory {
    let layout: DirectoryLayout
    let service: LDAPConnectionPool
    let admin: LDAPConnectionPool

    init() throws {
        let environment = try TestEnvironment.directory()
        let uri = try environment.require("DIRAUTH_LDAP_URI")
        layout = DirectoryLayout(baseDN: try environment.require("DIRAUTH_LDAP_BASE_DN"))
        service = LDAPConnectionPool(
            configuration: LDAPConfiguration(
                uris: [uri],
                bind: .simple(dn: try environment.require("DIRAUTH_LDAP_BIND_DN"), password: try environment.require("DIRAUTH_LDAP_BIND_PASSWORD")),
                poolSize: 2
            )
        )
        admin = LDAPConnectionPool(
            configuration: LDAPConfiguration(
                uris: [uri],
                bind: .simple(dn: try environment.require("LDAP_ADMIN_DN"), password: try environment.require("LDAP_ADMIN_PASSWORD")),
                poolSize: 1
            )
        )
    }

    func keys() -> LDAPPublicKeyDirectory {
        LDAPPublicKeyDirectory(client: service, layout: layout, logger: Logger(label: "test"))
    }

    func memberships(nestingDepth: Int = 3) -> LDAPMembershipDirectory {
        LDAPMembershipDirectory(client: service, layout: layout, nestingDepth: nestingDepth, logger: Logger(label: "test"))
    }

    func shutdown() async {
        await service.shutdown()
        await admin.shutdown()
    }

    /// The fixture public key `name` (e.g. `alice_rsa`) as the directory holds it.
    static func fixtureKey(_ name: String) throws -> SSHPublicKey {
        let path = TestEnvironment.fixturesDirectory.appendingPathComponent("keys/\(name).pub").path
        return try SSHPublicKey(openSSHLine: try String(contentsOfFile: path, encoding: .utf8))
    }

    /// The same people and realms as the sample directory, held in memory.
    static func inMemory() throws -> InMemoryDirectory {
        InMemoryDirectory(
            users: [
                "alice": .init(keys: [try fixtureKey("alice_rsa"), try fixtureKey("alice_ed25519")], groups: ["developers", "operators"]),
                "bob": .init(keys: [try fixtureKey("bob_ed25519")], groups: ["developers"]),
                "carol": .init(keys: [try fixtureKey("carol_rsa")], groups: ["operators"]),
            ],
            capabilities: ["ungleich-admin": [.create, .delete, .list, .update], "ungleich-auth": [.verify]]
        )
    }
}
