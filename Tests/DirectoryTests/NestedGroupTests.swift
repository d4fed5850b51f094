import Directory
import Foundation
import LDAPClient
import Testing

/// Nested groups are followed to the configured depth, and cycles end.
@Suite("Nested groups (slapd)")
struct NestedGroupTests {
    @Test("a chain user ∈ g1 ∈ g2 ∈ g3 ∈ g1 resolves to the configured depth and survives the cycle")
    func nesting() async throws {
        let sample = try SampleDirectory()
        let tag = UUID().uuidString.prefix(8).lowercased()
        let user = "nest-\(tag)"
        let userDN = "uid=\(user),\(sample.layout.peopleBase)"
        let groupDNs = (1...3).map { "cn=nest-\(tag)-g\($0),\(sample.layout.groupBase)" }
        func strings(_ values: String...) -> [[UInt8]] { values.map { Array($0.utf8) } }

        do {
            try await sample.admin.add(dn: userDN, attributes: [
                "objectClass": strings("inetOrgPerson"), "uid": strings(user), "cn": strings(user), "sn": strings(user),
            ])
            // g1 ∋ user; g2 ∋ g1; g3 ∋ g2; then g1 ∋ g3 closes a cycle.
            try await sample.admin.add(dn: groupDNs[0], attributes: ["objectClass": strings("groupOfNames"), "cn": strings("nest-\(tag)-g1"), "member": strings(userDN)])
            try await sample.admin.add(dn: groupDNs[1], attributes: ["objectClass": strings("groupOfNames"), "cn": strings("nest-\(tag)-g2"), "member": strings(groupDNs[0])])
            try await sample.admin.add(dn: groupDNs[2], attributes: ["objectClass": strings("groupOfNames"), "cn": strings("nest-\(tag)-g3"), "member": strings(groupDNs[1])])
            try await sample.admin.modify(dn: groupDNs[0], changes: [LDAPModification(operation: .add, attribute: "member", values: strings(groupDNs[2]))])

            let names = (1...3).map { "nest-\(tag)-g\($0)" }
            #expect(try await sample.memberships(nestingDepth: 0).memberships(ofUser: user)?.groups == [names[0]])
            #expect(try await sample.memberships(nestingDepth: 1).memberships(ofUser: user)?.groups == [names[0], names[1]])
            #expect(try await sample.memberships(nestingDepth: 3).memberships(ofUser: user)?.groups == names)
            #expect(try await sample.memberships(nestingDepth: 10).memberships(ofUser: user)?.groups == names)
        } catch {
            await cleanup(sample, [userDN] + groupDNs)
            throw error
        }
        await cleanup(sample, [userDN] + groupDNs)
    }

    private func cleanup(_ sample: SampleDirectory, _ dns: [String]) async {
        for dn in dns.reversed() { try? await sample.admin.delete(dn: dn) }
        await sample.shutdown()
    }
}
