// SPDX-License-Identifier: Apache-2.0

import Caching
import Directory
import Foundation
import LDAPClient
import Logging
import TestSupport
import Testing

/// Push invalidation against a real slapd: with a 10-minute TTL, removals an administrator
/// makes with an LDAP modify reach the caches through the RFC 4533 change feed.
@Suite("Caching: push invalidation through syncrepl (slapd)", .serialized)
struct CachingPushInvalidationTests {
    static let deadline: Duration = .seconds(5)

    /// Polls `condition` until it holds or ``deadline`` passes; returns the time it took.
    static func measure(_ what: String, _ condition: () async throws -> Bool) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < deadline {
            if try await condition() {
                let delay = clock.now - start
                print("push invalidation: \(what) visible after \(delay.formatted(.units(allowed: [.milliseconds])))")
                return delay
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("\(what): not visible within \(deadline)")
        return deadline
    }

    /// Waits until the feed is connected and its first refresh has emptied the caches.
    static func waitUntilSynchronized(_ synchronizer: DirectoryCacheSynchronizer) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let consumer = synchronizer.consumer
        while !consumer.state.isConnected || synchronizer.synchronizations == 0 {
            guard clock.now - start < deadline else { throw TestEnvironmentError("the change feed did not connect: \(consumer.state)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test("key, group-membership, capability and OTP-entry removals and a user rename made with LDAP change the cached answer within 5 s")
    func removalsArePushed() async throws {
        let directory = try await ThrowawayDirectory.start(name: freshRunDirectory("caching-push"))
        do {
            try await run(directory)
        } catch {
            try await directory.stop()
            throw error
        }
        try await directory.stop()
    }

    func run(_ directory: ThrowawayDirectory) async throws {
        let environment = directory.environment
        let uri = try environment.require("DIRAUTH_LDAP_URI")
        let layout = DirectoryLayout(baseDN: try environment.require("DIRAUTH_LDAP_BASE_DN"))
        let serviceConfiguration = LDAPConfiguration(
            uris: [uri],
            bind: .simple(dn: try environment.require("DIRAUTH_LDAP_BIND_DN"), password: try environment.require("DIRAUTH_LDAP_BIND_PASSWORD")),
            poolSize: 2
        )
        let service = LDAPConnectionPool(configuration: serviceConfiguration)
        let admin = LDAPConnectionPool(
            configuration: LDAPConfiguration(
                uris: [uri],
                bind: .simple(dn: try environment.require("LDAP_ADMIN_DN"), password: try environment.require("LDAP_ADMIN_PASSWORD")),
                poolSize: 1
            )
        )
        let logger = Logger(label: "caching-push")
        let configuration = TTLCacheConfiguration(ttl: .seconds(600), negativeTTL: .seconds(600), jitter: 0, refreshAhead: nil, maxStale: .seconds(3600))
        let keys = CachingPublicKeyDirectory(
            LDAPPublicKeyDirectory(client: service, layout: layout, logger: logger), configuration: configuration, clock: ContinuousClock()
        )
        let memberships = CachingMembershipDirectory(
            LDAPMembershipDirectory(client: service, layout: layout, nestingDepth: 3, logger: logger), configuration: configuration,
            clock: ContinuousClock()
        )
        let otp = CachingOTPEntryStore(
            LDAPOTPEntryStore(client: service, layout: layout, logger: logger), configuration: configuration, clock: ContinuousClock()
        )
        let consumer = DirectoryCacheSynchronizer.consumer(configuration: serviceConfiguration, layout: layout, logger: logger)
        let synchronizer = DirectoryCacheSynchronizer(
            consumer: consumer,
            invalidator: DirectoryCacheInvalidator(layout: layout, caches: [keys, memberships, otp], logger: logger),
            logger: logger
        )
        let feed = Task { await synchronizer.run() }
        do {
            try await changes(layout: layout, environment: environment, admin: admin, keys: keys, memberships: memberships, otp: otp, synchronizer: synchronizer)
        } catch {
            await synchronizer.stop()
            await service.shutdown()
            await admin.shutdown()
            throw error
        }
        await synchronizer.stop()
        await feed.value
        #expect(consumer.state.isConnected == false)
        await service.shutdown()
        await admin.shutdown()
    }

    func changes(
        layout: DirectoryLayout, environment: DirectoryEnvironment, admin: LDAPConnectionPool, keys: CachingPublicKeyDirectory<ContinuousClock>,
        memberships: CachingMembershipDirectory<ContinuousClock>, otp: CachingOTPEntryStore<ContinuousClock>, synchronizer: DirectoryCacheSynchronizer
    ) async throws {
        try await Self.waitUntilSynchronized(synchronizer)
        let consumer = synchronizer.consumer

        // Prime every cache; a second read is a hit.
        let aliceKeys = try #require(try await keys.publicKeys(forUser: "alice"))
        #expect(aliceKeys.count == 2)
        #expect(try await memberships.memberships(ofUser: "bob")?.groups.contains("developers") == true)
        #expect(try await memberships.capabilities(ofRealm: "ungleich-admin").contains(.create))
        let demo = try environment.require("DEMO_OTP_SERVICE").split(separator: ":").map(String.init)
        try #require(demo.count == 3)
        let otpEntry = try #require(try await otp.entry(name: demo[0], realm: demo[1]))
        #expect(try await keys.publicKeys(forUser: "alice")?.count == 2)
        #expect(keys.cache.statistics.hits == 1)

        // 1. Remove one of alice's keys.
        let alice = try #require(try await admin.search(base: layout.peopleBase, filter: .equal("uid", "alice"), attributes: ["sshPublicKey"]).first)
        let values = alice.values("sshPublicKey")
        #expect(values.count == 2)
        try await admin.modify(dn: alice.dn, changes: [.replace("sshPublicKey", values: Array(values.prefix(1)))])
        var delays: [Duration] = []
        delays.append(try await Self.measure("key removal") { try await keys.publicKeys(forUser: "alice")?.count == 1 })

        // 2. Remove bob from developers.
        try await admin.modify(
            dn: "cn=developers,\(layout.groupBase)", changes: [.delete("member", value: Array("uid=bob,\(layout.peopleBase)".utf8))]
        )
        delays.append(try await Self.measure("group-membership removal") {
            try await memberships.memberships(ofUser: "bob")?.groups.contains("developers") == false
        })

        // 3. Take the create capability from ungleich-admin (its only member: the placeholder
        // takes its place, see ldif/README.md).
        try await admin.modify(
            dn: "cn=create,\(layout.capabilityBase)",
            changes: [
                .add("member", strings: [layout.placeholderMemberDN]),
                .delete("member", value: Array("cn=ungleich-admin,\(layout.realmBase)".utf8)),
            ]
        )
        delays.append(try await Self.measure("capability removal") {
            try await !memberships.capabilities(ofRealm: "ungleich-admin").contains(.create)
        })

        // 4. Delete an OTP entry.
        try await admin.delete(dn: otpEntry.reference)
        delays.append(try await Self.measure("OTP entry deletion") { try await otp.entry(name: demo[0], realm: demo[1]) == nil })

        // 5. A renamed user: the feed reports the entry under its new DN; the old name comes from
        // the DN the consumer remembered for the entry's UUID.
        #expect(try await keys.publicKeys(forUser: "bob")?.isEmpty == false)
        try await admin.rename(dn: "uid=bob,\(layout.peopleBase)", newRDN: "uid=bob-renamed")
        delays.append(try await Self.measure("user rename") { try await keys.publicKeys(forUser: "bob") == nil })
        #expect(try await keys.publicKeys(forUser: "bob-renamed")?.isEmpty == false)

        // 6. A removed user: alice's entry goes, her cached keys with it.
        try await admin.delete(dn: alice.dn)
        delays.append(try await Self.measure("user deletion") { try await keys.publicKeys(forUser: "alice") == nil })

        print("push invalidation: slowest \((delays.max() ?? .zero).formatted(.units(allowed: [.milliseconds]))) over \(delays.count) changes")
        #expect(consumer.state.changes >= 6)
        #expect(consumer.state.lastEventAt != nil)
    }
}

/// Removes the run dir of a previous run, so the private directory starts from the sample data.
private func freshRunDirectory(_ name: String) -> String {
    try? FileManager.default.removeItem(at: TestEnvironment.runDirectory.appendingPathComponent(name, isDirectory: true))
    return name
}
