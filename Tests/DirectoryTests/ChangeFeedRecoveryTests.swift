// SPDX-License-Identifier: Apache-2.0

import Caching
import Directory
import Foundation
import LDAPClient
import Logging
import TestSupport
import Testing

/// The change feed after a provider crash: slapd killed with SIGKILL and started again no longer
/// knows the session's cookie; the feed must start a fresh refresh at once, not wait for a write.
@Suite("Change feed: recovery after a directory crash (slapd)", .serialized)
struct ChangeFeedRecoveryTests {
    @Test("after kill -9 and a restart, a key removal reaches the cache within 2 s without any other write")
    func recoversAfterCrash() async throws {
        try? FileManager.default.removeItem(at: TestEnvironment.runDirectory.appendingPathComponent("feed-crash", isDirectory: true))
        try await ThrowawayDirectory.with(name: "feed-crash") { try await run($0) }
    }

    func run(_ directory: ThrowawayDirectory) async throws {
        let environment = directory.environment
        let uri = try environment.require("DIRAUTH_LDAP_URI")
        let layout = DirectoryLayout(baseDN: try environment.require("DIRAUTH_LDAP_BASE_DN"))
        let serviceConfiguration = LDAPConfiguration(
            uris: [uri],
            bind: .simple(dn: try environment.require("DIRAUTH_LDAP_BIND_DN"), password: try environment.require("DIRAUTH_LDAP_BIND_PASSWORD")),
            poolSize: 1, downRetryInterval: .milliseconds(100)
        )
        let service = LDAPConnectionPool(configuration: serviceConfiguration)
        let logger = Logger(label: "feed-crash")
        let keys = CachingPublicKeyDirectory(
            LDAPPublicKeyDirectory(client: service, layout: layout, logger: logger),
            configuration: TTLCacheConfiguration(ttl: .seconds(600), negativeTTL: .seconds(600), jitter: 0, refreshAhead: nil, maxStale: .seconds(3600)),
            clock: ContinuousClock()
        )
        let synchronizer = DirectoryCacheSynchronizer(
            consumer: DirectoryCacheSynchronizer.consumer(configuration: serviceConfiguration, layout: layout, logger: logger),
            invalidator: DirectoryCacheInvalidator(layout: layout, caches: [keys], logger: logger),
            logger: logger
        )
        let feed = Task { await synchronizer.run() }
        defer { feed.cancel() }
        try await CachingPushInvalidationTests.waitUntilSynchronized(synchronizer)
        // A change while connected gives the feed a cookie the restarted server will not know.
        let admin = LDAPConnectionPool(configuration: LDAPConfiguration(
            uris: [uri], bind: .simple(dn: try environment.require("LDAP_ADMIN_DN"), password: try environment.require("LDAP_ADMIN_PASSWORD")), poolSize: 1
        ))
        let bob = try #require(try await admin.search(base: layout.peopleBase, filter: .equal("uid", "bob"), attributes: ["sshPublicKey"]).first)
        try await admin.modify(dn: bob.dn, changes: [.replace("description", values: [Array("touched".utf8)])])
        try await Task.sleep(for: .milliseconds(300))
        #expect(synchronizer.consumer.state.hasCookie)
        await admin.shutdown()

        let before = synchronizer.synchronizations
        try await directory.kill()
        try await Task.sleep(for: .milliseconds(500))
        try await directory.restart()
        let restarted = ContinuousClock.now

        // Prime alice's keys from the restarted directory, then remove one with a fresh admin.
        let admin2 = LDAPConnectionPool(configuration: LDAPConfiguration(
            uris: [uri], bind: .simple(dn: try environment.require("LDAP_ADMIN_DN"), password: try environment.require("LDAP_ADMIN_PASSWORD")), poolSize: 1
        ))
        defer { Task { await admin2.shutdown() } }
        let alice = try #require(try await admin2.search(base: layout.peopleBase, filter: .equal("uid", "alice"), attributes: ["sshPublicKey"]).first)
        let values = alice.values("sshPublicKey")
        try #require(values.count == 2)
        // Wait (bounded) for the feed's fresh refresh, then prime the cache after it.
        while synchronizer.synchronizations == before, ContinuousClock.now - restarted < .seconds(2) {
            try await Task.sleep(for: .milliseconds(20))
        }
        print("change feed: synchronized again \((ContinuousClock.now - restarted).formatted(.units(allowed: [.milliseconds]))) after the restart")
        #expect(synchronizer.synchronizations > before, "the feed started a fresh refresh within 2 s of the restart: \(synchronizer.consumer.state)")
        #expect(try await keys.publicKeys(forUser: "alice")?.count == 2)
        try await admin2.modify(dn: alice.dn, changes: [.replace("sshPublicKey", values: Array(values.prefix(1)))])
        let removed = ContinuousClock.now
        var seen = false
        while ContinuousClock.now - removed < .seconds(2) {
            if try await keys.publicKeys(forUser: "alice")?.count == 1 { seen = true; break }
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(seen, "the removal reached the cache within 2 s: \(synchronizer.consumer.state)")
        await synchronizer.stop()
        await feed.value
        await service.shutdown()
    }
}
