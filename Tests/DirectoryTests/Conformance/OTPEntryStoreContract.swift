// SPDX-License-Identifier: Apache-2.0

import Caching
import Directory
import Foundation
import LDAPClient
import OTP
import TestSupport
import Testing

extension DirectoryConformance {
    /// ``OTPEntryStore``: one entry per (name, realm) in any letter case, a stable id across
    /// renames, a last used step that only moves forward by compare-and-swap, failure counters
    /// kept in the store, and a realm membership that can be taken away.
    ///
    /// Each test works in a realm of its own, so the LDAP store's tests share the suite's
    /// private slapd without seeing each other's entries.
    @Suite("OTPEntryStore contract")
    struct OTPEntryStoreContract {
        /// Every store, bare and behind ``CachingOTPEntryStore``.
        enum Source: String, CaseIterable, CustomTestStringConvertible {
            case ldap, inMemory, cachedLDAP, cachedInMemory
            var testDescription: String { rawValue }
            var isCached: Bool { self == .cachedLDAP || self == .cachedInMemory }
        }

        /// A store under test and what the test may do behind its back.
        struct Backend {
            let store: any OTPEntryStore
            /// A realm no other test uses.
            let realm: String
            /// Takes the entry out of its realm group behind the store's back (an
            /// administrator's `ldapmodify`; the in-memory store's switch). A cache hears of
            /// it as it would from the change feed.
            let removeFromRealm: (OTPEntry) async throws -> Void
        }

        func withStore(_ source: Source, _ body: (Backend) async throws -> Void) async throws {
            let directory = try ConformanceDirectory.require()
            let realm = "conf-" + UUID().uuidString.prefix(8).lowercased()
            let upstream: any OTPEntryStore
            let removeFromRealm: (OTPEntry) async throws -> Void
            switch source {
            case .ldap, .cachedLDAP:
                upstream = directory.otpEntries()
                removeFromRealm = { entry in
                    try await directory.admin.modify(dn: directory.realmDN(entry.realm), changes: [.delete("member", value: Array(entry.reference.utf8))])
                }
            case .inMemory, .cachedInMemory:
                let store = InMemoryOTPEntryStore()
                upstream = store
                removeFromRealm = { entry in store.setValidForRealm(false, id: entry.id) }
            }
            guard source.isCached else {
                return try await body(Backend(store: upstream, realm: realm, removeFromRealm: removeFromRealm))
            }
            let configuration = TTLCacheConfiguration(ttl: .seconds(600), negativeTTL: .seconds(600), jitter: 0, refreshAhead: nil, maxStale: .seconds(3600))
            let cached = CachingOTPEntryStore(upstream, configuration: configuration, clock: ManualClock())
            try await body(Backend(store: cached, realm: realm) { entry in
                try await removeFromRealm(entry)
                await cached.invalidate(for: DirectoryChange.classify(directory.realmDN(entry.realm), layout: directory.layout))
            })
        }

        static let policy = OTPLockoutPolicy(threshold: 3, window: 300, duration: 900)
        static let now = Date(timeIntervalSince1970: 1_800_000_000)

        // MARK: Create and read

        @Test("create stores an entry that is found by name and realm, by id in either letter case, and in the list", arguments: Source.allCases)
        func createAndRead(source: Source) async throws {
            try await withStore(source) { backend async throws in
                let (store, realm) = (backend.store, backend.realm)
                let secret = OTPSecret.random()
                let created = try await store.create(name: "svc", realm: realm, secret: secret)
                #expect(created.name == "svc" && created.realm == realm)
                #expect(created.secret == secret)
                #expect(created.id.count == 36)
                #expect(created.isValidForRealm, "a new entry is a member of its realm group")
                #expect(created.lastUsedStep == nil)
                #expect(created.lockout == OTPLockoutState())
                #expect(created.parameters == TOTPParameters())

                #expect(try await store.entry(name: "svc", realm: realm) == created)
                #expect(try await store.entry(id: created.id) == created)
                #expect(try await store.entry(id: created.id.uppercased())?.id == created.id)
                #expect(try await store.entries().filter { $0.realm == realm } == [created])

                #expect(try await store.entry(name: "svc", realm: realm + "x") == nil)
                #expect(try await store.entry(name: "svc2", realm: realm) == nil)
                #expect(try await store.entry(id: "not-a-uuid") == nil)
                #expect(try await store.entry(id: UUID().uuidString.lowercased()) == nil)
            }
        }

        @Test("names and realms match in any letter case, as the directory's cn and ou do; the entry keeps its stored spelling", arguments: Source.allCases)
        func letterCase(source: Source) async throws {
            try await withStore(source) { backend async throws in
                let (store, realm) = (backend.store, backend.realm)
                let created = try await store.create(name: "Svc-Mixed", realm: realm, secret: .random())
                #expect(try await store.entry(name: "svc-mixed", realm: realm.uppercased()) == created)
                let key = OTPEntryKey(name: "SVC-MIXED", realm: realm)
                #expect(try await store.entries(for: [key])[key] == created)
                await #expect(throws: DirectoryError.conflict("")) {
                    _ = try await store.create(name: "sVC-mIXED", realm: realm, secret: .random())
                }
            }
        }

        @Test("a second entry with the same name and realm is a conflict; names the port refuses are invalid input and never found", arguments: Source.allCases)
        func conflictsAndInvalidNames(source: Source) async throws {
            try await withStore(source) { backend async throws in
                let (store, realm) = (backend.store, backend.realm)
                let original = try await store.create(name: "svc", realm: realm, secret: .random())
                await #expect(throws: DirectoryError.conflict("")) {
                    _ = try await store.create(name: "svc", realm: realm, secret: .random())
                }
                #expect(try await store.entry(name: "svc", realm: realm) == original, "the conflict changed nothing")

                for name in [String(repeating: "x", count: 129), "", "tab\there", "nul\0"] {
                    await #expect(throws: DirectoryError.invalidInput(""), "\(name.debugDescription)") {
                        _ = try await store.create(name: name, realm: realm, secret: .random())
                    }
                    #expect(try await store.entry(name: name, realm: realm) == nil)
                    await #expect(throws: DirectoryError.invalidInput("")) {
                        _ = try await store.rename(original, name: name, realm: realm)
                    }
                }
                await #expect(throws: DirectoryError.invalidInput("")) {
                    _ = try await store.create(name: "svc", realm: "", secret: .random())
                }
                let longest = String(repeating: "n", count: OTPEntryName.maximumLength)
                #expect(try await store.create(name: longest, realm: realm, secret: .random()).name == longest, "128 characters fit")
            }
        }

        @Test("a batch read answers as one single read per key: letter cases, repeats, missing and impossible names", arguments: Source.allCases)
        func batchRead(source: Source) async throws {
            try await withStore(source) { backend async throws in
                let (store, realm) = (backend.store, backend.realm)
                let a = try await store.create(name: "batch-a", realm: realm, secret: .random())
                _ = try await store.create(name: "batch-b", realm: realm, secret: .random())
                let keys = [
                    OTPEntryKey(name: "batch-a", realm: realm), OTPEntryKey(name: "BATCH-B", realm: realm.uppercased()),
                    OTPEntryKey(name: "batch-a", realm: realm), OTPEntryKey(name: "nobody", realm: realm), OTPEntryKey(name: "", realm: realm),
                    OTPEntryKey(name: "*", realm: realm), OTPEntryKey(name: "batch-a", realm: realm + "-other"),
                    OTPEntryKey(name: "batch-*)(cn=*", realm: realm),
                ]
                let batch = try await store.entries(for: keys)
                for key in keys {
                    #expect(batch[key] == (try await store.entry(name: key.name, realm: key.realm)), "\(key.name)@\(key.realm)")
                }
                #expect(batch[keys[0]]?.id == a.id)
                #expect(batch[keys[1]]?.name == "batch-b", "the stored spelling")
                #expect(Set(batch.keys) == [keys[0], keys[1]])
                #expect(try await store.entries(for: []).isEmpty)
            }
        }

        @Test("the list holds every entry, sorted by realm, then name", arguments: Source.allCases)
        func listIsSorted(source: Source) async throws {
            try await withStore(source) { backend async throws in
                let (store, realm) = (backend.store, backend.realm)
                for (name, suffix) in [("a", "-b"), ("z", "-a"), ("b", "-a")] {
                    _ = try await store.create(name: name, realm: realm + suffix, secret: .random())
                }
                let listed = try await store.entries().filter { $0.realm.hasPrefix(realm) }.map { "\($0.realm)/\($0.name)" }
                #expect(listed == ["\(realm)-a/b", "\(realm)-a/z", "\(realm)-b/a"])
            }
        }

        @Test(
            "LDAP-special and non-ASCII names are stored verbatim and found again",
            arguments: Source.allCases, ["a*b", ")(cn=*", "back\\slash", "comma,plus+equals=", "Zürich ☃", " #lead", "quote\"semi;<>"]
        )
        func specialNames(source: Source, name: String) async throws {
            try await withStore(source) { backend async throws in
                let store = backend.store
                let realm = backend.realm + ",+=*"
                let trimmed = name.trimmingCharacters(in: .whitespaces)
                let created = try await store.create(name: trimmed, realm: realm, secret: .random())
                #expect(created.name == trimmed)
                #expect(created.realm == realm)
                #expect(created.isValidForRealm)
                #expect(try await store.entry(name: trimmed, realm: realm)?.id == created.id)
                #expect(try await store.entry(id: created.id)?.name == trimmed)
                #expect(try await store.entries().contains { $0.id == created.id && $0.name == trimmed && $0.isValidForRealm })
                #expect(try await store.entry(name: "*", realm: realm) == nil, "a wildcard is not a wildcard")
            }
        }

        // MARK: The last used step

        @Test("the last used step only moves forward, by compare-and-swap: a second advance from the same read is a replay and loses", arguments: Source.allCases)
        func lastUsedStep(source: Source) async throws {
            try await withStore(source) { backend async throws in
                let (store, realm) = (backend.store, backend.realm)
                let created = try await store.create(name: "cas", realm: realm, secret: .random())
                #expect(try await store.advanceLastUsedStep(of: created, to: 100))
                #expect(try await store.entry(id: created.id)?.lastUsedStep == 100)
                #expect(try await store.advanceLastUsedStep(of: created, to: 100) == false, "the same step from the same read: a replay")
                #expect(try await store.advanceLastUsedStep(of: created, to: 99) == false, "an older step from the same read")

                let fresh = try #require(try await store.entry(name: "cas", realm: realm))
                #expect(fresh.lastUsedStep == 100)
                #expect(try await store.advanceLastUsedStep(of: fresh, to: 100) == false, "the stored step again is not forward")
                #expect(try await store.advanceLastUsedStep(of: fresh, to: 42) == false, "backwards")
                #expect(try await store.entry(id: created.id)?.lastUsedStep == 100)
                #expect(try await store.advanceLastUsedStep(of: fresh, to: 101))
                #expect(try await store.entry(id: created.id)?.lastUsedStep == 101)

                // A later step from a stale read: the bare stores' swap compares with the value
                // read and loses; the decorator (whose reads may be stale by design) compares
                // with the stored value once more and takes the step, as it is still forward.
                #expect(try await store.advanceLastUsedStep(of: fresh, to: 102) == source.isCached)
                #expect(try await store.entry(id: created.id)?.lastUsedStep == (source.isCached ? 102 : 101))
            }
        }

        @Test("concurrent advances from one read to one step: exactly one wins", arguments: Source.allCases)
        func concurrentAdvances(source: Source) async throws {
            try await withStore(source) { backend async throws in
                let store = backend.store
                /// How many of 8 concurrent advances of `read` to `step` succeed.
                func wins(_ read: OTPEntry, _ step: Int64) async throws -> Int {
                    try await withThrowingTaskGroup(of: Bool.self) { group in
                        for _ in 0..<8 { group.addTask { try await store.advanceLastUsedStep(of: read, to: step) } }
                        return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                    }
                }
                let created = try await store.create(name: "race", realm: backend.realm, secret: .random())
                #expect(try await wins(created, 500) == 1, "the first use")
                let used = try #require(try await store.entry(id: created.id))
                #expect(used.lastUsedStep == 500)
                #expect(try await wins(used, 501) == 1, "a later use")
                #expect(try await wins(used, 501) == 0, "the same use again, from the same read")
                #expect(try await store.entry(id: created.id)?.lastUsedStep == 501)
            }
        }

        // MARK: Rename, rotate, delete

        @Test("rename moves the entry and keeps its id, seed, last used step and failure count; the old name is gone", arguments: Source.allCases)
        func renameKeepsTheEntry(source: Source) async throws {
            try await withStore(source) { backend async throws in
                let (store, realm) = (backend.store, backend.realm)
                let created = try await store.create(name: "before", realm: realm, secret: .random())
                #expect(try await store.advanceLastUsedStep(of: created, to: 700))
                _ = try await store.recordFailure(of: try #require(try await store.entry(id: created.id)), at: Self.now, policy: Self.policy)
                let current = try #require(try await store.entry(id: created.id))

                let other = realm + "-b"
                let renamed = try await store.rename(current, name: "after", realm: other)
                #expect(renamed.name == "after" && renamed.realm == other)
                #expect(renamed.id == created.id)
                #expect(renamed.secret == created.secret)
                #expect(renamed.lastUsedStep == 700)
                #expect(renamed.lockout == current.lockout && renamed.lockout.failures == 1)
                #expect(renamed.isValidForRealm, "a member of its new realm group")
                #expect(try await store.entry(name: "before", realm: realm) == nil)
                #expect(try await store.entry(name: "after", realm: other) == renamed)
                #expect(try await store.entry(id: created.id) == renamed)
                #expect(try await store.entries().filter { $0.id == created.id } == [renamed])

                let renamedAgain = try await store.rename(renamed, name: "after-2", realm: other)
                #expect(renamedAgain.id == created.id && renamedAgain.realm == other)
                #expect(try await store.entry(name: "after", realm: other) == nil)
            }
        }

        @Test("renaming onto an existing entry is a conflict, in any letter case, and changes nothing", arguments: Source.allCases)
        func renameConflict(source: Source) async throws {
            try await withStore(source) { backend async throws in
                let (store, realm) = (backend.store, backend.realm)
                let first = try await store.create(name: "first", realm: realm, secret: .random())
                let second = try await store.create(name: "second", realm: realm, secret: .random())
                for target in ["first", "FIRST"] {
                    await #expect(throws: DirectoryError.conflict(""), "\(target)") {
                        _ = try await store.rename(second, name: target, realm: realm)
                    }
                }
                #expect(try await store.entry(name: "first", realm: realm) == first)
                #expect(try await store.entry(name: "second", realm: realm) == second)
            }
        }

        @Test("rotate replaces the seed and forgets the last used step; the id and name stay", arguments: Source.allCases)
        func rotate(source: Source) async throws {
            try await withStore(source) { backend async throws in
                let (store, realm) = (backend.store, backend.realm)
                let created = try await store.create(name: "rotating", realm: realm, secret: .random())
                #expect(try await store.advanceLastUsedStep(of: created, to: 900))
                let secret = OTPSecret.random()
                try await store.rotate(try #require(try await store.entry(id: created.id)), secret: secret)
                let after = try #require(try await store.entry(name: "rotating", realm: realm))
                #expect(after.secret == secret)
                #expect(after.lastUsedStep == nil)
                #expect(after.id == created.id)
                #expect(try await store.advanceLastUsedStep(of: after, to: 1), "the new seed's steps start afresh")
            }
        }

        @Test("delete removes the entry from every read; deleting again is no error; other writes to it say notFound", arguments: Source.allCases)
        func delete(source: Source) async throws {
            try await withStore(source) { backend async throws in
                let (store, realm) = (backend.store, backend.realm)
                let gone = try await store.create(name: "gone", realm: realm, secret: .random())
                let stays = try await store.create(name: "stays", realm: realm, secret: .random())
                _ = try await store.entry(name: "gone", realm: realm)  // cached, for the decorators
                try await store.delete(gone)

                let key = OTPEntryKey(name: "gone", realm: realm)
                #expect(try await store.entry(name: "gone", realm: realm) == nil)
                #expect(try await store.entry(id: gone.id) == nil)
                #expect(try await store.entries(for: [key]).isEmpty)
                #expect(try await store.entries().filter { $0.realm == realm } == [stays])

                try await store.delete(gone)
                await #expect(throws: DirectoryError.notFound("")) { try await store.rotate(gone, secret: .random()) }
                await #expect(throws: DirectoryError.notFound("")) { _ = try await store.rename(gone, name: "moved", realm: realm) }
                await #expect(throws: DirectoryError.notFound("")) { _ = try await store.advanceLastUsedStep(of: gone, to: 5) }
                await #expect(throws: DirectoryError.notFound("")) { _ = try await store.recordFailure(of: gone, at: Self.now, policy: Self.policy) }
                await #expect(throws: DirectoryError.notFound("")) { try await store.clearFailures(of: gone) }

                let again = try await store.create(name: "gone", realm: realm, secret: .random())
                #expect(again.id != gone.id, "a new entry under the old name is another entry")
            }
        }

        // MARK: Lockout and realm membership

        @Test(
            "failures are counted in the store: locked at the threshold until now + duration, cleared after a success, restarted after the window",
            arguments: Source.allCases
        )
        func lockoutCounters(source: Source) async throws {
            try await withStore(source) { backend async throws in
                let (store, realm) = (backend.store, backend.realm)
                let (policy, now) = (Self.policy, Self.now)
                var entry = try await store.create(name: "lock", realm: realm, secret: .random())
                for expected in 1...3 {
                    let state = try await store.recordFailure(of: entry, at: now, policy: policy)
                    #expect(state.failures == expected)
                    entry = try #require(try await store.entry(id: entry.id))
                    #expect(entry.lockout == state, "the state read back is the state returned")
                    #expect(try await store.entry(name: "lock", realm: realm)?.lockout == state)
                }
                #expect(entry.lockout.isLocked(at: now, policy: policy))
                #expect(entry.lockout.until == now.addingTimeInterval(900))
                #expect(entry.lockout.isLocked(at: now.addingTimeInterval(901), policy: policy) == false)

                // A stale copy still counts from the stored state.
                let stale = entry
                try await store.clearFailures(of: entry)
                #expect(try await store.entry(id: entry.id)?.lockout == OTPLockoutState())
                #expect(try await store.entry(name: "lock", realm: realm)?.lockout == OTPLockoutState())
                #expect(try await store.recordFailure(of: stale, at: now.addingTimeInterval(1000), policy: policy).failures == 1)
                #expect(try await store.entry(id: entry.id)?.lockout.failures == 1)

                // After the counting window the count starts again.
                let fresh = try #require(try await store.entry(id: entry.id))
                let later = now.addingTimeInterval(1000 + 301)
                let restarted = try await store.recordFailure(of: fresh, at: later, policy: policy)
                #expect(restarted == OTPLockoutState(failures: 1, until: later.addingTimeInterval(300)))
                #expect(try await store.entry(id: entry.id)?.lockout == restarted)
            }
        }

        @Test("an entry taken out of its realm group is not valid for its realm, in single, batch and list reads; a rename makes it a member again", arguments: Source.allCases)
        func realmMembership(source: Source) async throws {
            try await withStore(source) { backend async throws in
                let (store, realm) = (backend.store, backend.realm)
                let member = try await store.create(name: "member", realm: realm, secret: .random())
                let other = try await store.create(name: "keeps-group-nonempty", realm: realm, secret: .random())
                #expect(try await store.entry(name: "member", realm: realm)?.isValidForRealm == true)
                try await backend.removeFromRealm(member)

                let key = OTPEntryKey(name: "member", realm: realm)
                #expect(try await store.entry(name: "member", realm: realm)?.isValidForRealm == false)
                #expect(try await store.entry(id: member.id)?.isValidForRealm == false)
                #expect(try await store.entries(for: [key])[key]?.isValidForRealm == false)
                #expect(try await store.entries().first { $0.id == member.id }?.isValidForRealm == false)
                #expect(try await store.entry(name: other.name, realm: realm)?.isValidForRealm == true)
                #expect(try await store.entries().first { $0.id == other.id }?.isValidForRealm == true)

                let current = try #require(try await store.entry(id: member.id))
                let moved = try await store.rename(current, name: "member", realm: realm + "-moved")
                #expect(moved.isValidForRealm)
                #expect(try await store.entry(id: member.id)?.isValidForRealm == true)
            }
        }
    }
}
