// SPDX-License-Identifier: Apache-2.0

// RFC 4514 DN value escaping and DN building.
import LDAPClient
import Testing

@Suite("LDAPDistinguishedName: RFC 4514 escaping")
struct LDAPDistinguishedNameTests {
    @Test("RFC 4514 §4 examples")
    func rfcExamples() {
        // "CN=James \"Jim\" Smith\, III,DC=example,DC=net"
        #expect(LDAPDistinguishedName.escapeValue("James \"Jim\" Smith, III") == "James \\\"Jim\\\" Smith\\, III")
        // "CN=Before\0dAfter" keeps the CR as it is (only NUL must be hex-escaped).
        #expect(LDAPDistinguishedName.escapeValue("Before\rAfter") == "Before\rAfter")
        // "OU=Sales+CN=J. Smith" is a multi-valued RDN; a '+' inside a value is escaped.
        #expect(LDAPDistinguishedName.rdn([(attribute: "OU", value: "Sales"), (attribute: "CN", value: "J. Smith")]) == "OU=Sales+CN=J. Smith")
        #expect(LDAPDistinguishedName.escapeValue("Sales+CN=J. Smith") == "Sales\\+CN\\=J. Smith")
    }

    @Test("special characters ,+\"\\<>;= are escaped anywhere")
    func specials() {
        #expect(LDAPDistinguishedName.escapeValue(",+\"\\<>;=") == "\\,\\+\\\"\\\\\\<\\>\\;\\=")
        #expect(LDAPDistinguishedName.escapeValue("uid=alice,ou=people") == "uid\\=alice\\,ou\\=people")
    }

    @Test("leading space or #, trailing space and NUL are escaped")
    func positions() {
        #expect(LDAPDistinguishedName.escapeValue(" a") == "\\ a")
        #expect(LDAPDistinguishedName.escapeValue("#a") == "\\#a")
        #expect(LDAPDistinguishedName.escapeValue("a#") == "a#")
        #expect(LDAPDistinguishedName.escapeValue("a ") == "a\\ ")
        #expect(LDAPDistinguishedName.escapeValue("a b") == "a b")
        #expect(LDAPDistinguishedName.escapeValue(" ") == "\\ ")
        #expect(LDAPDistinguishedName.escapeValue("a\u{0}b") == "a\\00b")
        #expect(LDAPDistinguishedName.escapeValue("") == "")
        #expect(LDAPDistinguishedName.escapeValue("Jürgen") == "Jürgen")
    }

    @Test("DNs are built from escaped RDNs and a parent")
    func building() {
        let rdn = LDAPDistinguishedName.rdn([(attribute: "cn", value: "token, one"), (attribute: "ou", value: "realm")])
        #expect(rdn == "cn=token\\, one+ou=realm")
        #expect(LDAPDistinguishedName.dn([rdn], parent: "ou=otp,dc=example,dc=org") == "cn=token\\, one+ou=realm,ou=otp,dc=example,dc=org")
        #expect(LDAPDistinguishedName.dn([LDAPDistinguishedName.rdn("uid", "a")]) == "uid=a")
    }
}
