// SPDX-License-Identifier: Apache-2.0

// LDAPConnectionPool against the shared slapd that `make test` starts (never skipped).
import Foundation
import LDAPClient
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

@Suite("LDAPConnectionPool against slapd")
struct LDAPClientIntegrationTests {
    @Test("the service account binds and finds a user by uid, values as bytes")
    func bindAndSearch() async throws {
        let directory = try DirectoryClients.shared()
        try await directory.with(directory.configuration()) { (client: LDAPConnectionPool) async throws in
            let entries = try await client.search(
                base: directory.peopleBase, scope: .oneLevel, filter: .equal("uid", "alice"), attributes: ["uid", "cn"])
            let alice = try #require(entries.first)
            #expect(entries.count == 1)
            #expect(alice.dn == "uid=alice,\(directory.peopleBase)")
            #expect(alice.string("UID") == "alice")
            #expect(alice.values("uid") == [Array("alice".utf8)])
            #expect(alice.attributes.keys.allSatisfy { ["uid", "cn"].contains($0) })
            #expect(try await client.whoAmI() == "dn:\(directory.serviceDN)")
        }
    }

    @Test("hostile filter values match nothing and raise no error", arguments: [
        Array("*".utf8), Array("alice)(uid=*".utf8), Array("*)(|(uid=*".utf8), Array("\\".utf8), Array("\\2a".utf8),
        [0x00], Array("alice".utf8) + [0x00], [0xFF, 0xFE, 0x2A], [0x61, 0x6C, 0x69, 0x63, 0x65, 0x80],
    ])
    func hostileValues(value: [UInt8]) async throws {
        let directory = try DirectoryClients.shared()
        try await directory.with(directory.configuration()) { (client: LDAPConnectionPool) async throws in
            let people = directory.peopleBase
            // Positive control: the same search shape finds alice.
            #expect(try await client.search(base: people, filter: .equal("uid", "alice")).count == 1)
            let plain = try await client.search(base: people, filter: .equal("uid", value))
            #expect(plain.isEmpty)
            let combined = try await client.search(
                base: people, filter: .and([.equal("objectClass", "inetOrgPerson"), .equal("uid", value)]))
            #expect(combined.isEmpty)
        }
    }

    @Test("an invalid attribute name is refused before anything is sent")
    func invalidAttribute() async throws {
        let directory = try DirectoryClients.shared()
        try await directory.with(directory.configuration()) { (client: LDAPConnectionPool) async throws in
            await #expect(throws: LDAPError.filterError) {
                try await client.search(base: directory.peopleBase, filter: .equal("uid=*)(cn", "x"))
            }
            await #expect(throws: LDAPError.parameterError) {
                try await client.search(base: directory.peopleBase, attributes: ["uid,cn"])
            }
        }
    }

    @Test("a size limit returns at most that many entries")
    func sizeLimit() async throws {
        let directory = try DirectoryClients.shared()
        try await directory.with(directory.configuration()) { (client: LDAPConnectionPool) async throws in
            let entries = try await client.search(base: directory.peopleBase, scope: .oneLevel, sizeLimit: 2)
            #expect(entries.count == 2)
            let base = try await client.search(base: directory.peopleBase, scope: .base)
            #expect(base.map(\.dn) == [directory.peopleBase])
        }
    }

    @Test("errors carry the result code and the server's diagnostic")
    func errors() async throws {
        let directory = try DirectoryClients.shared()
        let wrong = LDAPBind.simple(dn: directory.serviceDN, password: "wrong password")
        try await directory.with(directory.configuration(bind: wrong)) { (client: LDAPConnectionPool) async throws in
            let error = await #expect(throws: LDAPError.invalidCredentials) { try await client.whoAmI() }
            #expect(error?.diagnostic?.isEmpty == false)
            #expect(error?.uri == directory.uri)
            // Wrong credentials say nothing about the server's health.
            #expect(client.serverStates.allSatisfy { $0.isUp })
        }
        // RFC 4513 §5.1.2: a DN with an empty password would be an unauthenticated
        // bind that "succeeds"; the client refuses to send it.
        let empty = LDAPBind.simple(dn: directory.serviceDN, password: "")
        try await directory.with(directory.configuration(bind: empty)) { (client: LDAPConnectionPool) async throws in
            await #expect(throws: LDAPError.parameterError) { try await client.whoAmI() }
        }
        try await directory.with(directory.configuration()) { (client: LDAPConnectionPool) async throws in
            let missing = "ou=missing,\(directory.baseDN)"
            let error = await #expect(throws: LDAPError.noSuchObject) { try await client.search(base: missing) }
            #expect(error?.diagnostic?.isEmpty == false)
            #expect(error?.matchedDN == directory.baseDN)
            // The connection stays usable after an error answer.
            #expect(try await client.search(base: directory.peopleBase, filter: .equal("uid", "bob")).count == 1)
        }
    }

    @Test("compare answers true, false, and noSuchObject")
    func compare() async throws {
        let directory = try DirectoryClients.shared()
        try await directory.with(directory.configuration()) { (client: LDAPConnectionPool) async throws in
            let alice = "uid=alice,\(directory.peopleBase)"
            #expect(try await client.compare(dn: alice, attribute: "uid", value: Array("alice".utf8)))
            #expect(try await !client.compare(dn: alice, attribute: "uid", value: Array("bob".utf8)))
            await #expect(throws: LDAPError.noSuchObject) {
                try await client.compare(dn: "uid=nobody,\(directory.peopleBase)", attribute: "uid", value: Array("nobody".utf8))
            }
        }
    }

    @Test("add, modify (incl. compare-and-swap), rename, delete round trip")
    func writeRoundTrip() async throws {
        let directory = try DirectoryClients.shared()
        try await directory.with(directory.configuration(bind: directory.adminBind)) { (client: LDAPConnectionPool) async throws in
            let name = "ldapclient-rt-\(UInt32.random(in: 0...UInt32.max)), #1"
            let dn = LDAPDistinguishedName.dn([LDAPDistinguishedName.rdn("cn", name)], parent: directory.baseDN)
            try await client.add(dn: dn, attributes: [
                "objectClass": [Array("device".utf8)],
                "cn": [Array(name.utf8)],
                "description": [Array("v1".utf8)],
            ])
            do {
                await #expect(throws: LDAPError.alreadyExists) {
                    try await client.add(dn: dn, attributes: ["objectClass": [Array("device".utf8)], "cn": [Array(name.utf8)]])
                }
                let found = try await client.search(base: dn, scope: .base)
                #expect(found.first?.string("cn") == name)
                // A filter with the name's metacharacters finds exactly this entry.
                let byName = try await client.search(base: directory.baseDN, filter: .equal("cn", name))
                #expect(byName.map(\.dn) == [found.first?.dn])

                // Compare-and-swap: succeeds against the current value...
                try await client.modify(dn: dn, changes: LDAPModification.compareAndSwap(
                    "description", old: Array("v1".utf8), new: Array("v2".utf8)))
                #expect(try await client.compare(dn: dn, attribute: "description", value: Array("v2".utf8)))
                // ...and a stale one fails with noSuchAttribute, changing nothing.
                let stale = await #expect(throws: LDAPError.noSuchAttribute) {
                    try await client.modify(dn: dn, changes: LDAPModification.compareAndSwap(
                        "description", old: Array("v1".utf8), new: Array("v3".utf8)))
                }
                #expect(stale?.code == .noSuchAttribute)
                #expect(try await client.search(base: dn, scope: .base).first?.strings("description") == ["v2"])

                try await client.modify(dn: dn, changes: [
                    .replace("description", strings: ["a", "b"]), .add("l", strings: ["Zürich"]),
                ])
                let changed = try #require(try await client.search(base: dn, scope: .base, attributes: ["description", "l"]).first)
                #expect(Set(changed.strings("description")) == ["a", "b"])
                #expect(changed.values("l") == [Array("Zürich".utf8)])
                try await client.modify(dn: dn, changes: [.delete("l")])
                #expect(try await client.search(base: dn, scope: .base).first?.values("l") == [])
            } catch {
                try? await client.delete(dn: dn)
                throw error
            }
            // Rename (modify DN) to a multi-valued RDN, then delete under the new name.
            let renamed = LDAPDistinguishedName.dn(
                [LDAPDistinguishedName.rdn([(attribute: "cn", value: name), (attribute: "serialNumber", value: "+1")])],
                parent: directory.baseDN)
            do {
                try await client.rename(
                    dn: dn, newRDN: LDAPDistinguishedName.rdn([(attribute: "cn", value: name), (attribute: "serialNumber", value: "+1")]))
                await #expect(throws: LDAPError.noSuchObject) { try await client.search(base: dn, scope: .base) }
                let moved = try await client.search(base: renamed, scope: .base, attributes: ["serialNumber"])
                #expect(moved.first?.strings("serialNumber") == ["+1"])
            } catch {
                try? await client.delete(dn: dn)
                try? await client.delete(dn: renamed)
                throw error
            }
            try await client.delete(dn: renamed)
            await #expect(throws: LDAPError.noSuchObject) { try await client.search(base: renamed, scope: .base) }
            await #expect(throws: LDAPError.noSuchObject) { try await client.delete(dn: renamed) }
        }
    }

    @Test("paged search (RFC 2696) returns every one of more than 500 entries")
    func pagedSearch() async throws {
        let directory = try DirectoryClients.shared()
        let count = 520
        let unit = "ldapclient-paged-\(UInt32.random(in: 0...UInt32.max))"
        let subtree = LDAPDistinguishedName.dn([LDAPDistinguishedName.rdn("ou", unit)], parent: directory.baseDN)
        let admin = directory.configuration(bind: directory.adminBind, poolSize: 4)
        try await directory.with(admin) { (client: LDAPConnectionPool) async throws in
            try await client.add(dn: subtree, attributes: [
                "objectClass": [Array("organizationalUnit".utf8)],
                "ou": [Array(unit.utf8)],
            ])
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for worker in 0..<4 {
                        group.addTask {
                            for index in stride(from: worker, to: count, by: 4) {
                                let name = "entry-\(index)"
                                try await client.add(
                                    dn: LDAPDistinguishedName.dn([LDAPDistinguishedName.rdn("cn", name)], parent: subtree),
                                    attributes: ["objectClass": [Array("device".utf8)], "cn": [Array(name.utf8)]])
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                // The service account pages through them, 100 per page.
                try await directory.with(directory.configuration()) { (service: LDAPConnectionPool) async throws in
                    let all = try await service.searchAll(
                        base: subtree, scope: .oneLevel, filter: .equal("objectClass", "device"), attributes: ["cn"], pageSize: 100)
                    #expect(all.count == count)
                    #expect(Set(all.compactMap { $0.string("cn") }) == Set((0..<count).map { "entry-\($0)" }))
                }
            } catch {
                try? await Self.deleteSubtree(subtree, client)
                throw error
            }
            try await Self.deleteSubtree(subtree, client)
        }
    }

    static func deleteSubtree(_ dn: String, _ client: LDAPConnectionPool) async throws {
        let children = try await client.searchAll(base: dn, scope: .oneLevel, filter: .present("objectClass"), attributes: ["1.1"])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    for index in stride(from: worker, to: children.count, by: 4) {
                        try await client.delete(dn: children[index].dn)
                    }
                }
            }
            try await group.waitForAll()
        }
        try await client.delete(dn: dn)
    }

    @Test("SASL EXTERNAL over ldapi binds as the process's peer credentials")
    func saslExternal() async throws {
        let directory = try DirectoryClients.shared()
        try await directory.with(directory.configuration(uris: [directory.ldapiURI], bind: .saslExternal)) { (client: LDAPConnectionPool) async throws in
            let identity = try await client.whoAmI()
            #expect(identity == "dn:gidNumber=\(getgid())+uidNumber=\(getuid()),cn=peercred,cn=external,cn=auth")
        }
    }

    @Test("an anonymous connection is anonymous")
    func anonymous() async throws {
        let directory = try DirectoryClients.shared()
        try await directory.with(directory.configuration(bind: .anonymous)) { (client: LDAPConnectionPool) async throws in
            #expect(try await client.whoAmI() == "")
        }
    }

    @Test("ldaps:// and StartTLS work with the test CA")
    func tls() async throws {
        let directory = try DirectoryClients.shared()
        let tls = LDAPTLSConfiguration(caFile: directory.caFile)
        try await directory.with(directory.configuration(uris: [directory.ldapsURI], tls: tls)) { (client: LDAPConnectionPool) async throws in
            #expect(try await client.search(base: directory.peopleBase, filter: .equal("uid", "carol")).count == 1)
        }
        var startTLS = tls
        startTLS.startTLS = true
        try await directory.with(directory.configuration(tls: startTLS)) { (client: LDAPConnectionPool) async throws in
            #expect(try await client.search(base: directory.peopleBase, filter: .equal("uid", "carol")).count == 1)
        }
    }

    @Test("ldaps:// and StartTLS fail clearly when the CA is wrong")
    func wrongCA() async throws {
        let directory = try DirectoryClients.shared()
        let tls = LDAPTLSConfiguration(caFile: directory.wrongCAFile)
        try await directory.with(directory.configuration(uris: [directory.ldapsURI], tls: tls)) { (client: LDAPConnectionPool) async throws in
            let error = try await #require(throws: LDAPError.self) { try await client.whoAmI() }
            #expect([.connectError, .serverDown].contains(error.code))
            #expect(error.diagnostic?.contains("TLS handshake failed") == true)
            #expect(error.diagnostic?.contains(directory.wrongCAFile) == true)
            #expect(error.uri == directory.ldapsURI)
        }
        var startTLS = tls
        startTLS.startTLS = true
        try await directory.with(directory.configuration(tls: startTLS)) { (client: LDAPConnectionPool) async throws in
            let error = try await #require(throws: LDAPError.self) { try await client.whoAmI() }
            #expect([.connectError, .serverDown].contains(error.code))
            #expect(error.diagnostic?.contains("StartTLS: TLS handshake failed") == true)
        }
        // A missing CA file is refused too, never silently ignored.
        let missing = LDAPTLSConfiguration(caFile: "/nonexistent/ca.pem")
        try await directory.with(directory.configuration(uris: [directory.ldapsURI], tls: missing)) { (client: LDAPConnectionPool) async throws in
            await #expect(throws: LDAPError.self) { try await client.whoAmI() }
        }
    }

    @Test("with a dead first URI, operations go to the second and the first is shown down")
    func failover() async throws {
        let directory = try DirectoryClients.shared()
        let dead = "ldap://127.0.0.1:\(try closedPort())"
        try await directory.with(directory.configuration(uris: [dead, directory.uri])) { (client: LDAPConnectionPool) async throws in
            #expect(try await client.search(base: directory.peopleBase, filter: .equal("uid", "alice")).count == 1)
            let states = client.serverStates
            #expect(states.map(\.uri) == [dead, directory.uri])
            #expect(states.map(\.isUp) == [false, true])
            #expect(states[0].lastError?.isEmpty == false)
            #expect(states[1].lastError == nil)
            // Later operations skip the dead server.
            #expect(try await client.compare(dn: "uid=bob,\(directory.peopleBase)", attribute: "uid", value: Array("bob".utf8)))
        }
    }

    @Test("with every URI dead, an operation fails with serverDown naming the server")
    func allDead() async throws {
        let directory = try DirectoryClients.shared()
        let dead = "ldap://127.0.0.1:\(try closedPort())"
        try await directory.with(directory.configuration(uris: [dead])) { (client: LDAPConnectionPool) async throws in
            let error = await #expect(throws: LDAPError.serverDown) { try await client.whoAmI() }
            #expect(error?.uri == dead)
            #expect(client.serverStates.map(\.isUp) == [false])
        }
    }

    @Test("concurrent operations share a small pool")
    func concurrency() async throws {
        let directory = try DirectoryClients.shared()
        try await directory.with(directory.configuration(poolSize: 2)) { (client: LDAPConnectionPool) async throws in
            let people = directory.peopleBase
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await client.search(base: people, filter: .equal("uid", ["alice", "bob", "carol"][index % 3])).count
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(counts == Array(repeating: 1, count: 40))
        }
    }

    @Test("after shutdown, operations fail instead of hanging")
    func shutdown() async throws {
        let directory = try DirectoryClients.shared()
        let client = LDAPConnectionPool(configuration: directory.configuration())
        #expect(try await client.whoAmI().hasPrefix("dn:"))
        await client.shutdown()
        await #expect(throws: LDAPError.localError) { try await client.whoAmI() }
    }
}
