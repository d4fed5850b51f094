// SPDX-License-Identifier: Apache-2.0

// RFC 4514 DN strings read back: unescaping, the first RDN's values, parents and placement.
import LDAPClient
import Testing

@Suite("LDAPDistinguishedName: reading DN strings")
struct LDAPDistinguishedNameParsingTests {
    @Test("unescaping undoes escapeValue, including hex pairs", arguments: [
        "James \"Jim\" Smith, III", " a", "#a", "a ", "a\u{0}b", ",+\"\\<>;=", "Jürgen", "",
    ])
    func roundTrip(value: String) {
        #expect(LDAPDistinguishedName.unescapeValue(LDAPDistinguishedName.escapeValue(value)) == value)
    }

    @Test("hex pairs are UTF-8 bytes; a dangling escape or a short pair is refused")
    func hexPairs() {
        // RFC 4514 §4: "CN=Lu\C4\8Di\C4\87"
        #expect(LDAPDistinguishedName.unescapeValue("Lu\\C4\\8Di\\C4\\87") == "Lučić")
        #expect(LDAPDistinguishedName.unescapeValue("a\\2cb") == "a,b")
        #expect(LDAPDistinguishedName.unescapeValue("a\\") == nil)
        #expect(LDAPDistinguishedName.unescapeValue("a\\2") == nil)
        #expect(LDAPDistinguishedName.unescapeValue("\\C4") == nil)
    }

    @Test("the first value and the parent stop at the first unescaped separator")
    func firstValueAndParent() {
        #expect(LDAPDistinguishedName.firstValue(of: "cn=a\\,b+ou=x,dc=example") == "a,b")
        #expect(LDAPDistinguishedName.firstValue(of: "uid=alice") == "alice")
        #expect(LDAPDistinguishedName.firstValue(of: "alice,dc=example") == nil)
        #expect(LDAPDistinguishedName.parent(of: "cn=a\\,b,ou=x,dc=example") == "ou=x,dc=example")
        #expect(LDAPDistinguishedName.parent(of: "dc=org") == nil)
    }

    @Test("placement ignores letter case and a space after commas")
    func placement() {
        let base = "ou=people,dc=example,dc=org"
        #expect(LDAPDistinguishedName.same("OU=People, DC=example, DC=org", base))
        #expect(LDAPDistinguishedName.dn("uid=alice,ou=people,dc=example,dc=org", isChildOf: base))
        #expect(LDAPDistinguishedName.dn("uid=alice, OU=People,dc=example,dc=org", isBelow: base))
        #expect(LDAPDistinguishedName.dn("cn=x,uid=alice,ou=people,dc=example,dc=org", isBelow: base))
        #expect(!LDAPDistinguishedName.dn("cn=x,uid=alice,ou=people,dc=example,dc=org", isChildOf: base))
        #expect(!LDAPDistinguishedName.dn(base, isBelow: base))
        #expect(!LDAPDistinguishedName.dn("uid=alice,ou=otherpeople,dc=example,dc=org", isBelow: base))
    }
}
