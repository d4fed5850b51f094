// SPDX-License-Identifier: Apache-2.0

import Caching
import Directory
import TestSupport
import Testing

extension DirectoryConformance {
    /// ``MembershipDirectory``: a user's groups and realms by name with nesting resolved,
    /// `nil` for unknown users; a realm's capabilities, `[]` for unknown realms; the
    /// placeholder member is never anyone.
    @Suite("MembershipDirectory contract")
    struct MembershipContract {
        /// Every membership source, bare and behind ``CachingMembershipDirectory``.
        enum Source: String, CaseIterable, CustomTestStringConvertible {
            case ldap, inMemory, cachedLDAP, cachedInMemory
            var testDescription: String { rawValue }
        }

        func withMemberships(_ source: Source, _ body: (any MembershipDirectory) async throws -> Void) async throws {
            func cached(_ upstream: any MembershipDirectory) -> CachingMembershipDirectory<ManualClock> {
                CachingMembershipDirectory(upstream, configuration: TTLCacheConfiguration(jitter: 0, refreshAhead: nil), clock: ManualClock())
            }
            switch source {
            case .ldap: try await body(try ConformanceDirectory.require().memberships())
            case .inMemory: try await body(try ConformanceFixture.inMemory())
            case .cachedLDAP: try await body(cached(try ConformanceDirectory.require().memberships()))
            case .cachedInMemory: try await body(cached(try ConformanceFixture.inMemory()))
            }
        }

        /// The memberships of `username`, asked twice (the second a cache hit), which must agree.
        func memberships(_ directory: any MembershipDirectory, _ username: String) async throws -> Memberships? {
            let first = try await directory.memberships(ofUser: username)
            #expect(try await directory.memberships(ofUser: username) == first, "asking again gives the same answer for \(username.debugDescription)")
            return first
        }

        /// The capabilities of `realm`, asked twice.
        func capabilities(_ directory: any MembershipDirectory, _ realm: String) async throws -> Set<Capability> {
            let first = try await directory.capabilities(ofRealm: realm)
            #expect(try await directory.capabilities(ofRealm: realm) == first, "asking again gives the same answer for \(realm.debugDescription)")
            return first
        }

        @Test("groups and realms of people, by name, sorted", arguments: Source.allCases)
        func groupsOfPeople(source: Source) async throws {
            try await withMemberships(source) { directory async throws in
                for person in try ConformanceFixture.people() {
                    #expect(try await memberships(directory, person.name) == person.memberships, "\(person.name)")
                }
                #expect(try await memberships(directory, "alice") == Memberships(groups: ["developers", "operators"], realms: []))
            }
        }

        @Test("nested groups are followed to the nesting depth (3): grace ∈ nest-1 ∈ … ∈ nest-4, not nest-5; realms through groups count", arguments: Source.allCases)
        func nestedGroups(source: Source) async throws {
            try await withMemberships(source) { directory async throws in
                let grace = try #require(try await memberships(directory, "grace"))
                #expect(grace.groups == ["nest-1", "nest-2", "nest-3", "nest-4"])
                #expect(grace.realms == ["nested-realm", "people-realm"])
            }
        }

        @Test("a known user in no group has empty memberships, not nil", arguments: Source.allCases)
        func noGroupsIsNotUnknown(source: Source) async throws {
            try await withMemberships(source) { directory async throws in
                #expect(try await memberships(directory, "dave") == Memberships(groups: [], realms: []))
            }
        }

        @Test(
            "unknown users, other letter cases and filter-injection attempts are unknown, not errors",
            arguments: Source.allCases,
            ["mallory", "ALICE", "Alice", "frank", "placeholder", "*", "alice)(uid=*", "alice*", "*)(|(uid=*", "\\", "alice\0", "\0", "ali\\63e", "", "alice\u{301}"]
        )
        func unknownUsers(source: Source, username: String) async throws {
            try await withMemberships(source) { directory async throws in
                #expect(try await memberships(directory, username) == nil)
            }
        }

        @Test("the placeholder member is nobody: groups holding only it are nobody's, and a group holding it beside a person is that person's", arguments: Source.allCases)
        func placeholderIsNobody(source: Source) async throws {
            try await withMemberships(source) { directory async throws in
                #expect(try await memberships(directory, "placeholder") == nil)
                for person in try ConformanceFixture.people() {
                    let found = try #require(try await memberships(directory, person.name))
                    #expect(!found.groups.contains("empty") && !found.realms.contains("empty-realm"), "\(person.name)")
                }
                #expect(try await memberships(directory, "Frank")?.groups == ["testers"])
                #expect(try await capabilities(directory, "empty-realm") == [])
                #expect(try await capabilities(directory, "placeholder") == [])
                #expect(try await capabilities(directory, "ungleich-admin") == [.create, .delete, .list, .update], "list also holds the placeholder")
            }
        }

        @Test("capabilities of realms: ungleich's table, granted directly or through a group", arguments: Source.allCases)
        func capabilitiesOfRealms(source: Source) async throws {
            try await withMemberships(source) { directory async throws in
                for (realm, granted) in ConformanceFixture.capabilities {
                    #expect(try await capabilities(directory, realm) == granted, "\(realm)")
                }
                #expect(try await capabilities(directory, "nested-r") == [.list, .verify])
            }
        }

        @Test(
            "unknown realms and injection attempts have no capabilities",
            arguments: Source.allCases, ["no-such-realm", "ungleich-admin,ou=realms", "*", "ungleich-*", "", "ungleich-admin)(cn=*"]
        )
        func unknownRealms(source: Source, realm: String) async throws {
            try await withMemberships(source) { directory async throws in
                #expect(try await capabilities(directory, realm) == [])
            }
        }

        @Test("realm names are compared as the directory compares group names: in any letter case", arguments: Source.allCases)
        func realmLetterCase(source: Source) async throws {
            try await withMemberships(source) { directory async throws in
                #expect(try await capabilities(directory, "UNGLEICH-ADMIN") == [.create, .delete, .list, .update])
                #expect(try await capabilities(directory, "Ungleich-Auth") == [.verify])
            }
        }

        /// The depth is the LDAP adapter's setting (the in-memory directory holds memberships
        /// already resolved), so only LDAP answers this clause.
        @Test("LDAP: the nesting depth bounds the walk (0 = direct groups only) and a cycle ends it")
        func nestingDepth() async throws {
            let directory = try ConformanceDirectory.require()
            let nested = (1...5).map { "nest-\($0)" }
            let expected: [Int: Memberships] = [
                0: .init(groups: ["nest-1"], realms: ["people-realm"]),
                1: .init(groups: Array(nested.prefix(2)), realms: ["people-realm"]),
                2: .init(groups: Array(nested.prefix(3)), realms: ["nested-realm", "people-realm"]),
                3: .init(groups: Array(nested.prefix(4)), realms: ["nested-realm", "people-realm"]),
                10: .init(groups: nested, realms: ["nested-realm", "people-realm"]),
            ]
            for (depth, memberships) in expected.sorted(by: { $0.key < $1.key }) {
                #expect(try await directory.memberships(nestingDepth: depth).memberships(ofUser: "grace") == memberships, "depth \(depth)")
            }
            #expect(try await directory.memberships(nestingDepth: 0).capabilities(ofRealm: "nested-r") == [.list])
            #expect(try await directory.memberships(nestingDepth: 1).capabilities(ofRealm: "nested-r") == [.list, .verify])
        }
    }
}
