// SPDX-License-Identifier: Apache-2.0

import Directory
import Testing

/// What ``CanonicalName`` folds and what it leaves apart. Whether slapd agrees is
/// ``DirectoryConformance/CanonicalNameContract``'s question.
@Suite("Canonical names")
struct CanonicalNameTests {
    @Test(
        "spellings the directory matches alike have one canonical form",
        arguments: [
            ("demo-service", "DEMO-SERVICE"), ("demo-service", "Demo-Service"),
            ("ungleich-admin", "ungleich-ADMIN"),
            ("demo", "ｄｅｍｏ"), ("demo", "ＤＥＭＯ"),  // fullwidth forms (NFKC)
            ("équipe", "e\u{301}quipe"), ("équipe", "ÉQUIPE"), ("équipe", "E\u{301}QUIPE"),  // composed or not
            ("fine", "\u{FB01}ne"),  // the ligature ﬁ
            ("two words", "two  words"), ("two words", " two words "), ("two words", "two\u{A0}words"),  // spaces
            ("alice", "ALİCE"),  // İ as slapd lowercases it: i
            ("kelvin", "\u{212A}elvin"),  // the Kelvin sign is a K
        ]
    )
    func alike(_ one: String, _ other: String) {
        #expect(CanonicalName(one) == CanonicalName(other))
        #expect(CanonicalName.same(one, other))
        #expect(OTPEntryKey(name: one, realm: "r") == OTPEntryKey(name: other, realm: "R"))
        #expect(OTPEntryKey(name: one, realm: "r").hashValue == OTPEntryKey(name: other, realm: "R").hashValue)
    }

    @Test(
        "spellings the directory keeps apart stay apart",
        arguments: [
            ("straße", "strasse"), ("straße", "STRASSE"),  // no full case folding
            ("σοφός", "σοφόσ"),  // final sigma is its own letter
            ("zw", "z\u{200B}w"), ("soft", "so\u{AD}ft"),  // RFC 4518's map-to-nothing characters
            ("alice", "ali\u{307}ce"), ("alice", "alice\u{301}"),  // combining marks are letters
            ("demo", "demo-"), ("a b", "ab"),
        ]
    )
    func apart(_ one: String, _ other: String) {
        #expect(CanonicalName(one) != CanonicalName(other))
        #expect(OTPEntryKey(name: one, realm: "r") != OTPEntryKey(name: other, realm: "r"))
    }

    @Test("the canonical form is one of its own spellings, and an ASCII name already canonical is kept as it is")
    func idempotent() {
        for spelling in ["Demo-Service", "ＤＥＭＯ", "E\u{301}QUIPE", "  two   Words ", "ALİCE", "straße", "demo-service"] {
            let canonical = CanonicalName(spelling)
            #expect(CanonicalName(canonical.value) == canonical, "\(spelling.debugDescription)")
        }
        #expect(CanonicalName("Demo  Service ").value == "demo service")
        #expect(CanonicalName("ＤＥＭＯ").description == "demo")
        #expect(CanonicalName("demo-service").value == "demo-service")
    }

    @Test("an OTP key keeps the spelling asked for and names its subject canonically")
    func keySpelling() {
        let key = OTPEntryKey(name: "Demo-Service", realm: "SERVICES")
        #expect(key.name == "Demo-Service" && key.realm == "SERVICES")
        #expect(key.subject == "demo-service@services")
        #expect(Set([key, OTPEntryKey(name: "demo-service", realm: "services")]).count == 1)
    }
}
