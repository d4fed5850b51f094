// SPDX-License-Identifier: Apache-2.0

import Caching
import Directory
import Foundation
import SSHKeys
import TestSupport
import Testing

extension DirectoryConformance {
    /// ``PublicKeyDirectory``: a user's usable keys in stored order, `[]` for a user without
    /// usable keys, `nil` for anyone the source does not know, in the letter case stored.
    @Suite("PublicKeyDirectory contract")
    struct PublicKeyContract {
        /// Every key source, bare and behind ``CachingPublicKeyDirectory``.
        enum Source: String, CaseIterable, CustomTestStringConvertible {
            case ldap, inMemory, files, chained, cachedLDAP, cachedInMemory, cachedFiles
            var testDescription: String { rawValue }
        }

        /// Runs `body` with `source` holding ``ConformanceFixture/people()``.
        func withKeys(_ source: Source, _ body: (any PublicKeyDirectory) async throws -> Void) async throws {
            let people = try ConformanceFixture.people()
            var folders: [URL] = []
            defer { for folder in folders { try? FileManager.default.removeItem(at: folder) } }
            func files(_ people: [ConformanceFixture.Person]) throws -> FilePublicKeyDirectory {
                let folder = try ConformanceFixture.keyFolder(people)
                folders.append(folder)
                return FilePublicKeyDirectory(folder: folder.path)
            }
            func cached(_ upstream: any PublicKeyDirectory) -> CachingPublicKeyDirectory<ManualClock> {
                CachingPublicKeyDirectory(upstream, configuration: TTLCacheConfiguration(jitter: 0, refreshAhead: nil), clock: ManualClock())
            }
            let directory: any PublicKeyDirectory
            switch source {
            case .ldap: directory = try ConformanceDirectory.require().keys()
            case .inMemory: directory = try ConformanceFixture.inMemory()
            case .files: directory = try files(people)
            case .chained:
                // The first half in files, the rest in memory: whoever knows the user answers.
                let half = people.count / 2
                directory = ChainedPublicKeyDirectory([try files(Array(people[..<half])), try ConformanceFixture.inMemory(Array(people[half...]))])
            case .cachedLDAP: directory = cached(try ConformanceDirectory.require().keys())
            case .cachedInMemory: directory = cached(try ConformanceFixture.inMemory())
            case .cachedFiles: directory = cached(try files(people))
            }
            try await body(directory)
        }

        /// The answer for `username`, asked twice: a cache's second answer is a hit and must be the same.
        func keys(_ directory: any PublicKeyDirectory, _ username: String) async throws -> [SSHPublicKey]? {
            let first = try await directory.publicKeys(forUser: username)
            let second = try await directory.publicKeys(forUser: username)
            #expect(first == second, "asking again (a cache hit) gives the same answer for \(username.debugDescription)")
            return first
        }

        @Test("every usable key of a user, in stored order", arguments: Source.allCases)
        func everyKeyInOrder(source: Source) async throws {
            try await withKeys(source) { directory async throws in
                for person in try ConformanceFixture.people() {
                    #expect(try await keys(directory, person.name) == person.keys, "\(person.name)")
                }
                let alice = try #require(try await keys(directory, "alice"))
                #expect(alice.map(\.type) == [.rsa, .ed25519])
            }
        }

        @Test("a user without usable keys has none ([]), which is not the same as an unknown user (nil)", arguments: Source.allCases)
        func noKeysIsNotUnknown(source: Source) async throws {
            try await withKeys(source) { directory async throws in
                #expect(try await keys(directory, "dave") == [], "dave has no sshPublicKey at all")
                #expect(try await keys(directory, "grace") == [])
                #expect(try await keys(directory, "mallory") == nil)
            }
        }

        @Test("unusable values and lines (malformed, unknown type, RSA under 2048 bits, comments) are skipped, not errors", arguments: Source.allCases)
        func unusableKeysAreSkipped(source: Source) async throws {
            try await withKeys(source) { directory async throws in
                let erin = try #require(try await keys(directory, "erin"))
                #expect(erin.map(\.openSSHLine) == [ConformanceFixture.erinFirst, ConformanceFixture.erinSecond])
            }
        }

        @Test(
            "unknown users, other letter cases and filter or path injection attempts are unknown, not errors",
            arguments: Source.allCases,
            [
                "mallory", "ALICE", "Alice", "frank", "FRANK", "placeholder", "*", "alice)(uid=*", "alice*", "*)(|(uid=*", "\\", "alice\0", "\0",
                "ali\\63e", "", "alice\u{301}", "../alice", ".alice", "alice/..",
            ]
        )
        func unknownUsers(source: Source, username: String) async throws {
            try await withKeys(source) { directory async throws in
                #expect(try await keys(directory, username) == nil)
            }
        }

        @Test("user names are compared as stored: Frank is known, frank is not", arguments: Source.allCases)
        func letterCase(source: Source) async throws {
            try await withKeys(source) { directory async throws in
                #expect(try await keys(directory, "Frank")?.map(\.openSSHLine) == [ConformanceFixture.frankKey])
                #expect(try await keys(directory, "frank") == nil)
            }
        }
    }
}
