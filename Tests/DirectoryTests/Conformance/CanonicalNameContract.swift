// SPDX-License-Identifier: Apache-2.0

import Directory
import OTP
import Testing

extension DirectoryConformance {
    /// ``CanonicalName`` is the directory's matching rule: for every OTP store (slapd, in memory,
    /// and the caches over them), a spelling finds an entry exactly when its canonical name and
    /// realm are the stored ones', and the canonical spelling itself finds it. Realm capabilities
    /// likewise. Usernames are the exception: only the stored spelling is a user.
    @Suite("CanonicalName contract")
    struct CanonicalNameContract {
        typealias Source = OTPEntryStoreContract.Source

        /// Stored names and other spellings of them, folded alike or not.
        static let spellings: [(stored: String, others: [String])] = [
            ("Svc-Équipe", ["svc-équipe", "SVC-ÉQUIPE", "svc-e\u{301}quipe", "ｓｖｃ-équipe", "ＳＶＣ-ÉQUIPE", "svc-equipe", "svc-équipe\u{301}"]),
            ("two words", ["TWO WORDS", "two  words", "two\u{A0}words", " two words ", "twowords", "two\u{200B}words"]),
            ("straße", ["STRASSE", "strasse", "Straße", "STRAßE"]),
            ("σοφός", ["ΣΟΦΌΣ", "σοφόσ", "Σοφός"]),
            ("soft", ["SOFT", "so\u{AD}ft", "\u{FB00}"]),
            ("fix", ["\u{FB01}x", "FIX", "ﬁX"]),
        ]

        @Test("a spelling finds the entry exactly when its canonical name and realm are the stored ones'", arguments: Source.allCases)
        func storesMatchCanonically(source: Source) async throws {
            try await OTPEntryStoreContract().withStore(source) { backend async throws in
                let (store, realm) = (backend.store, backend.realm)
                for (stored, others) in Self.spellings {
                    let created = try await store.create(name: stored, realm: realm, secret: .random())
                    #expect(try await store.entry(name: CanonicalName(stored).value, realm: realm) == created, "\(stored)")
                    for other in others {
                        let alike = CanonicalName.same(stored, other)
                        let found = try await store.entry(name: other, realm: realm.uppercased())
                        #expect((found == created) == alike, "\(stored) as \(other.debugDescription): canonically \(alike ? "alike" : "apart")")
                        #expect(alike || found == nil)
                        let key = OTPEntryKey(name: other, realm: realm)
                        #expect((try await store.entries(for: [key])[key] == created) == alike, "batch: \(stored) as \(other.debugDescription)")
                    }
                }
            }
        }

        @Test("realm capabilities match canonically in every membership source", arguments: MembershipContract.Source.allCases)
        func capabilitiesMatchCanonically(source: MembershipContract.Source) async throws {
            try await MembershipContract().withMemberships(source) { directory async throws in
                let admin: Set<Capability> = [.create, .delete, .list, .update]
                for spelling in ["ungleich-ADMIN", "ＵＮＧＬＥＩＣＨ-admin", " ungleich-admin "] {
                    #expect(try await directory.capabilities(ofRealm: spelling) == admin, "\(spelling.debugDescription)")
                }
                #expect(try await directory.capabilities(ofRealm: "ungleich\u{200B}-admin") == [])
            }
        }

        @Test("usernames are exact: another spelling of a user is an unknown user", arguments: MembershipContract.Source.allCases)
        func usernamesAreExact(source: MembershipContract.Source) async throws {
            try await MembershipContract().withMemberships(source) { directory async throws in
                #expect(try await directory.memberships(ofUser: "alice") != nil)
                for spelling in ["ALICE", "Alice", "ａｌｉｃｅ", " alice"] {
                    #expect(try await directory.memberships(ofUser: spelling) == nil, "\(spelling.debugDescription)")
                }
                #expect(try await directory.memberships(ofUser: "alice") != nil, "the other spellings' answers did not replace alice's")
            }
        }
    }
}
