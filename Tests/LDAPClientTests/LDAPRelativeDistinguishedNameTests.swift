// SPDX-License-Identifier: Apache-2.0

// The first RDN of a DN, multi-valued RDNs included.
import LDAPClient
import Testing

@Suite("LDAPRelativeDistinguishedName")
struct LDAPRelativeDistinguishedNameTests {
    @Test("a multi-valued RDN gives each attribute's unescaped value, types in any case")
    func multiValued() throws {
        let rdn = try #require(LDAPRelativeDistinguishedName(dn: "cn=a\\,b\\+c+OU=x\\2Cy,ou=otp,dc=example,dc=org"))
        #expect(rdn.value("cn") == "a,b+c")
        #expect(rdn.value("ou") == "x,y")
        #expect(rdn.value("CN") == "a,b+c")
        #expect(rdn.value("uid") == nil)
    }

    @Test("what rdn(_:) builds parses back", arguments: ["token, one", " lead", "a+b=c", "#x", "Jürgen"])
    func roundTrip(name: String) throws {
        let built = LDAPDistinguishedName.rdn([(attribute: "cn", value: name), (attribute: "ou", value: "realm")])
        let rdn = try #require(LDAPRelativeDistinguishedName(dn: LDAPDistinguishedName.dn([built], parent: "dc=org")))
        #expect(rdn.value("cn") == name)
        #expect(rdn.value("ou") == "realm")
    }

    @Test("spaces around a type are ignored; a part without = or a bad escape is malformed")
    func malformed() {
        #expect(LDAPRelativeDistinguishedName(dn: " cn =x")?.value("cn") == "x")
        #expect(LDAPRelativeDistinguishedName(dn: "cn=x+ou,dc=org") == nil)
        #expect(LDAPRelativeDistinguishedName(dn: "cn=x\\2") == nil)
    }
}
