// SPDX-License-Identifier: Apache-2.0

// LDAPEntry accessors and client behaviour that needs no server.
import LDAPClient
import Testing

@Suite("LDAPEntry and offline client behaviour")
struct LDAPEntryTests {
    @Test("values are found case-insensitively and strings skip invalid UTF-8")
    func accessors() {
        let entry = LDAPEntry(dn: "uid=a,dc=x", attributes: [
            "sshPublicKey": [Array("ssh-ed25519 AAAA".utf8), [0xFF, 0xFE]],
            "uid": [Array("a".utf8)],
        ])
        #expect(entry.values("SSHPUBLICKEY").count == 2)
        #expect(entry.strings("sshpublickey") == ["ssh-ed25519 AAAA"])
        #expect(entry.string("UID") == "a")
        #expect(entry.values("missing") == [])
        #expect(entry.string("missing") == nil)
    }

    @Test("compare-and-swap is a delete of the old value followed by an add of the new one")
    func compareAndSwap() {
        let changes = LDAPModification.compareAndSwap("oathTOTPLastTimeStep", old: Array("41".utf8), new: Array("42".utf8))
        #expect(changes == [
            LDAPModification(operation: .delete, attribute: "oathTOTPLastTimeStep", values: [Array("41".utf8)]),
            LDAPModification(operation: .add, attribute: "oathTOTPLastTimeStep", values: [Array("42".utf8)]),
        ])
    }

    @Test("a malformed URI or an empty URI list fails the operation, without a crash")
    func badURIs() async {
        for uris in [["not a uri"], ["http://127.0.0.1/"], []] {
            let client = LDAPConnectionPool(configuration: LDAPConfiguration(uris: uris))
            await #expect(throws: LDAPError.self) { try await client.whoAmI() }
            await client.shutdown()
        }
    }

    @Test("bad attribute names in requests are refused before connecting")
    func badRequestAttributes() async {
        let client = LDAPConnectionPool(configuration: LDAPConfiguration(uris: ["ldap://127.0.0.1:1"]))
        await #expect(throws: LDAPError.parameterError) {
            try await client.compare(dn: "dc=x", attribute: "uid)(x", value: [])
        }
        await #expect(throws: LDAPError.parameterError) {
            try await client.add(dn: "dc=x", attributes: ["bad name": []])
        }
        await #expect(throws: LDAPError.parameterError) {
            try await client.modify(dn: "dc=x", changes: [.replace("a,b", strings: ["v"])])
        }
        await #expect(throws: LDAPError.parameterError) { try await client.modify(dn: "dc=x", changes: []) }
        #expect(client.serverStates == [LDAPServerState(uri: "ldap://127.0.0.1:1", isUp: true)])
        await client.shutdown()
    }

    @Test("a bind's description never shows the password")
    func bindDescription() {
        #expect(LDAPBind.simple(dn: "cn=x", password: "secret").description == "simple(cn=x)")
    }
}
