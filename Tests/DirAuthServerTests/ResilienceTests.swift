// SPDX-License-Identifier: Apache-2.0

import Crypto
import DirAuthAPI
import DirAuthCore
import DirAuthServer
import Directory
import Foundation
import HummingbirdTesting
import LDAPClient
import TestSupport
import Testing

/// The HTTP app with LDAP-backed live services against private slapd instances: revocation
/// through push invalidation, and what happens when slapd hangs, dies and comes back.
@Suite("Resilience: revocation and outages (slapd)", .serialized)
struct ResilienceTests {
    @Test("an outstanding token stops working within 5 s after its user's keys are removed (cache TTL 10 minutes)")
    func revocation() async throws {
        let directory = try await ThrowawayDirectory.start(name: freshRunDirectory("resilience-revocation"))
        let environment = directory.environment
        let admin = try ResilienceHarness.admin(environment)
        do {
            let key = Curve25519.Signing.PrivateKey()
            let peopleBase = "ou=people,\(try environment.require("DIRAUTH_LDAP_BASE_DN"))"
            let dave = "uid=dave,\(peopleBase)"
            try await admin.add(dn: dave, attributes: [
                "objectClass": [Array("inetOrgPerson".utf8), Array("ldapPublicKey".utf8)],
                "uid": [Array("dave".utf8)], "cn": [Array("Dave Example".utf8)], "sn": [Array("Example".utf8)],
                "sshPublicKey": [Array(ResilienceHarness.openSSHLine(key.publicKey).utf8)],
            ])
            let harness = try ResilienceHarness(
                environment: environment, uris: [try environment.require("DIRAUTH_LDAP_URI")],
                cache: ResilienceHarness.cacheSettings(ttl: .seconds(600))
            )
            try await harness.test { client in
                _ = try await ResilienceHarness.eventually("change feed connected") {
                    try await ResilienceHarness.readiness(client).1.cache?.change_feed?.connected == true
                }
                let token = try await ResilienceHarness.login(client, "dave", key: key)
                #expect(try await ResilienceHarness.whoami(client, token: token) == 200)
                #expect(try await ResilienceHarness.whoami(client, token: token) == 200)

                try await admin.modify(dn: dave, changes: [.replace("sshPublicKey", values: [])])
                let delay = try await ResilienceHarness.eventually("token revoked") {
                    try await ResilienceHarness.whoami(client, token: token) == 401
                }
                print("resilience: token revoked \(delay.formatted(.units(allowed: [.milliseconds]))) after the keys were removed")
            }
        } catch {
            await admin.shutdown()
            try await directory.stop()
            throw error
        }
        await admin.shutdown()
        try await directory.stop()
    }

    @Test("SIGSTOP, SIGKILL and restart: cached users keep logging in, uncached ones get 503 without hanging, /readyz says degraded, then ok")
    func outage() async throws {
        let directory = try await ThrowawayDirectory.start(name: freshRunDirectory("resilience-outage"))
        do {
            try await outage(directory)
        } catch {
            try? directory.resume()
            try await directory.stop()
            throw error
        }
        try await directory.stop()
    }

    func outage(_ directory: ThrowawayDirectory) async throws {
        let environment = directory.environment
        // A 1-second TTL: the entries have expired when slapd goes away, so what is served
        // is served stale (stale-if-error), not fresh.
        let harness = try ResilienceHarness(
            environment: environment, uris: [try environment.require("DIRAUTH_LDAP_URI")], cache: ResilienceHarness.cacheSettings(ttl: .seconds(1))
        )
        try await harness.test { client in
            _ = try await ResilienceHarness.eventually("change feed connected") {
                try await ResilienceHarness.readiness(client).1.cache?.change_feed?.connected == true
            }
            #expect(try await ResilienceHarness.challenge(client, "alice").status == 200)
            let (okStatus, ok) = try await ResilienceHarness.readiness(client)
            #expect(okStatus == 200 && ok.status == "ok")
            try await Task.sleep(for: .milliseconds(1200))

            for phase in ["SIGSTOP", "SIGKILL"] {
                if phase == "SIGSTOP" { try directory.pause() } else { try await directory.kill() }
                let cached = try await ResilienceHarness.challenge(client, "alice")
                #expect(cached.status == 200, "\(phase): cached user: \(cached.body)")
                let uncached = try await ResilienceHarness.challenge(client, "carol")
                #expect(uncached.status == 503, "\(phase): uncached user: \(uncached.body)")
                #expect(uncached.body.contains("The directory is unavailable"))
                // Bounded by the 2-second operation timeout (plus connect); a hang would never return.
                #expect(uncached.elapsed < .seconds(15))
                print("resilience: \(phase): uncached lookup failed with 503 after \(uncached.elapsed.formatted(.units(allowed: [.milliseconds])))")
                let asked = ContinuousClock.now
                let (status, readiness) = try await ResilienceHarness.readiness(client)
                let answered = ContinuousClock.now - asked
                #expect(answered < .seconds(1), "\(phase): /readyz took \(answered)")
                #expect(status == 200)
                #expect(readiness.status == "degraded")
                #expect(readiness.directories.allSatisfy { !$0.up })
                #expect((readiness.cache?.entries ?? 0) > 0)
                if phase == "SIGSTOP" { try directory.resume() }
            }

            try await directory.restart()
            let delay = try await ResilienceHarness.eventually("back to ok", deadline: .seconds(60)) {
                let (status, readiness) = try await ResilienceHarness.readiness(client)
                return status == 200 && readiness.status == "ok" && readiness.cache?.change_feed?.connected == true
            }
            print("resilience: ok again \(delay.formatted(.units(allowed: [.milliseconds]))) after the restart")
            // The service's pool tries the server again once its down-retry interval (1 s) has passed.
            _ = try await ResilienceHarness.eventually("uncached users again", deadline: .seconds(5)) {
                try await ResilienceHarness.challenge(client, "carol").status == 200
            }
        }
    }

    @Test("with nothing cached and no directory reachable, /readyz says unavailable (503)")
    func nothingCached() async throws {
        let harness = try ResilienceHarness(
            bindDN: "cn=dirauthd,ou=services,dc=example,dc=org", password: "unused", baseDN: "dc=example,dc=org",
            uris: ["ldap://127.0.0.1:1"], cache: ResilienceHarness.cacheSettings(ttl: .seconds(600))
        )
        try await harness.test { client in
            let (status, readiness) = try await ResilienceHarness.readiness(client)
            #expect(status == 503)
            #expect(readiness.status == "unavailable")
            #expect(readiness.cache?.entries == 0)
            #expect(readiness.cache?.change_feed?.connected == false)
            let uncached = try await ResilienceHarness.challenge(client, "alice")
            #expect(uncached.status == 503)
        }
    }
}

/// Removes the run dir of a previous run, so the private directory starts from the sample data.
private func freshRunDirectory(_ name: String) -> String {
    try? FileManager.default.removeItem(at: TestEnvironment.runDirectory.appendingPathComponent(name, isDirectory: true))
    return name
}
