// SPDX-License-Identifier: Apache-2.0

// Inputs the fuzz target `FuzzLDAP` (Fuzz/README.md) found, kept as literals.
import LDAPClient
import Testing

@Suite("LDAPClient fuzz regressions")
struct LDAPFuzzRegressionTests {
    /// `cc 81 78` after the selector: the value "\u{301}x" starts with a combining mark, which
    /// joins the `=` before it into one Character, so `firstValue` found no `=` and returned nil.
    @Test("a value starting with a combining mark is found again", arguments: ["\u{301}x", "\u{301}", "a,\u{301}", "+\u{301}b"])
    func combiningMarkAfterSeparator(value: String) {
        let base = "ou=people,dc=example,dc=org"
        let dn = LDAPDistinguishedName.dn([LDAPDistinguishedName.rdn("cn", value)], parent: base)
        #expect(LDAPDistinguishedName.firstValue(of: dn) == value)
        #expect(LDAPRelativeDistinguishedName(dn: dn)?.value("cn") == value)
        #expect(LDAPDistinguishedName.parent(of: dn) == base)
        #expect(LDAPDistinguishedName.dn(dn, isChildOf: base))
    }

    @Test("a parent starting with a combining mark keeps it")
    func combiningMarkAfterComma() {
        #expect(LDAPDistinguishedName.parent(of: "cn=a,\u{301}ou=x") == "\u{301}ou=x")
    }
}
