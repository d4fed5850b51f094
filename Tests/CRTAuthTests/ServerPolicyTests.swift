// SPDX-License-Identifier: Apache-2.0
// Configuration checks, secret rotation, single-use challenges.

@testable import CRTAuth
import Foundation
import SSHKeys
import Testing

@Suite("server policy: configuration, rotation, replay")
struct ServerPolicyTests {
    @Test("token lifetime above 598 s (or below 1 s) is refused at construction")
    func lifetime() throws {
        #expect(throws: CRTAuthError.invalidConfiguration("")) {
            try CRTAuthServer(serverNames: ["a"], secrets: [[1]], tokenLifetime: 599)
        }
        #expect(throws: CRTAuthError.invalidConfiguration("")) {
            try CRTAuthServer(serverNames: ["a"], secrets: [[1]], tokenLifetime: 0)
        }
        #expect(try CRTAuthServer(serverNames: ["a"], secrets: [[1]], tokenLifetime: 598).tokenLifetime == 598)
        #expect(try CRTAuthServer(serverNames: ["a"], secrets: [[1]]).tokenLifetime == 60)
    }

    @Test("secrets and server names are validated")
    func configuration() {
        #expect(throws: CRTAuthError.invalidConfiguration("")) { try CRTAuthServer(serverNames: ["a"], secrets: []) }
        #expect(throws: CRTAuthError.invalidConfiguration("")) { try CRTAuthServer(serverNames: ["a"], secrets: [[1], []]) }
        #expect(throws: CRTAuthError.invalidConfiguration("")) { try CRTAuthServer(serverNames: [], secrets: [[1]]) }
        #expect(throws: CRTAuthError.invalidConfiguration("")) { try CRTAuthServer(serverNames: ["a b"], secrets: [[1]]) }
        #expect(throws: CRTAuthError.invalidConfiguration("")) { try CRTTokenValidator(secrets: []) }
    }

    @Test("secrets never appear in descriptions")
    func redaction() throws {
        let server = try CRTAuthServer(serverNames: ["a"], secrets: [Array("hunter2hunter2".utf8)])
        #expect(!String(describing: server).contains("hunter2"))
        #expect(!String(reflecting: server).contains("104, 117"))  // "hu" as bytes
    }

    @Test("rotation: the first secret signs, every listed secret validates, removed secrets do not")
    func rotation() throws {
        let old = Array("old-secret".utf8)
        let new = Array("new-secret".utf8)
        let now = Vectors.now
        let before = try CRTAuthServer(serverNames: [Vectors.serverName], secrets: [old])
        let during = try CRTAuthServer(serverNames: [Vectors.serverName], secrets: [new, old])
        let after = try CRTAuthServer(serverNames: [Vectors.serverName], secrets: [new])
        for format in CRTTokenFormat.allCases {
            let issuer = try CRTAuthServer(serverNames: [Vectors.serverName], secrets: [old], tokenFormat: format)
            let token = issuer.issueToken(username: "alice", now: now).token
            #expect(try during.validateToken(token, now: now).username == "alice")
            #expect(throws: CRTAuthError.tokenInvalid("")) { try after.validateToken(token, now: now) }
        }
        // Challenges made with the old secret are still redeemable during rotation.
        let vectors = try Vectors.load()
        let key = try vectors.key("test")
        let oldVectorServer = try CRTAuthServer(serverNames: [Vectors.serverName], secrets: [Array("unrelated".utf8), Vectors.secret])
        let pending = try oldVectorServer.openResponse(try vectors.string("flows", "v1_known_user", "response", "b64url"))
        #expect(try pending.verify(keys: [key], now: now).username == "test")
        #expect(throws: CRTAuthError.authenticationFailed("")) {
            try after.openResponse(try vectors.string("flows", "v1_known_user", "response", "b64url"))
        }
        // New tokens are signed with the first secret.
        let fresh = during.issueToken(username: "bob", now: now).token
        #expect(try after.validateToken(fresh, now: now).username == "bob")
        #expect(throws: CRTAuthError.tokenInvalid("")) { try before.validateToken(fresh, now: now) }
    }

    @Test("a response is redeemable once per replay guard (one guard per instance)")
    func replay() throws {
        let vectors = try Vectors.load()
        let key = try vectors.key("test")
        let server = try TestServers.legacy()
        let response = try vectors.string("flows", "v1_known_user", "response", "b64url")
        let guardA = CRTReplayGuard()
        let first = try server.openResponse(response).verify(keys: [key], now: Vectors.now, replayGuard: guardA)
        #expect(first.challengeID == (try server.openResponse(response).challengeID))
        #expect(throws: CRTAuthError.challengeReplayed("")) {
            try server.openResponse(response).verify(keys: [key], now: Vectors.now.addingTimeInterval(1), replayGuard: guardA)
        }
        // Another instance (another guard) would accept it once more: what PROTOCOL.md §7 warns about.
        let guardB = CRTReplayGuard()
        #expect(try server.openResponse(response).verify(keys: [key], now: Vectors.now, replayGuard: guardB).username == "test")
        // Without a guard, crtauth's original behaviour: redeemable while valid.
        #expect(try server.openResponse(response).verify(keys: [key], now: Vectors.now).username == "test")
        // A failed attempt (bad signature) does not burn the challenge.
        let guardC = CRTReplayGuard()
        let bad = try server.openResponse(
            try #require((try vectors.array("negative_cases")).compactMap { ($0 as? [String: Any])?["response_b64url"] as? String }.last))
        #expect(throws: CRTAuthError.authenticationFailed("")) { try bad.verify(keys: [key], now: Vectors.now, replayGuard: guardC) }
        #expect(guardC.count == 0)
    }

    @Test("the replay guard forgets expired challenges and fails closed when full")
    func replayGuardBounds() throws {
        let guardian = CRTReplayGuard(capacity: 2)
        let t0 = Date(timeIntervalSince1970: 1000)
        try guardian.redeem(challengeID: [1], validTo: t0.addingTimeInterval(20), now: t0)
        try guardian.redeem(challengeID: [2], validTo: t0.addingTimeInterval(20), now: t0)
        #expect(throws: CRTAuthError.challengeReplayed("")) {
            try guardian.redeem(challengeID: [3], validTo: t0.addingTimeInterval(20), now: t0)
        }
        #expect(throws: CRTAuthError.challengeReplayed("")) {
            try guardian.redeem(challengeID: [1], validTo: t0.addingTimeInterval(20), now: t0.addingTimeInterval(5))
        }
        let later = t0.addingTimeInterval(21)
        try guardian.redeem(challengeID: [3], validTo: later.addingTimeInterval(20), now: later)
        #expect(guardian.count == 1)
    }

    @Test("the replay guard is safe under concurrent redemption: exactly one wins")
    func concurrentReplay() async throws {
        let guardian = CRTReplayGuard()
        let now = Date(timeIntervalSince1970: 5000)
        let wins = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    (try? guardian.redeem(challengeID: [9, 9], validTo: now.addingTimeInterval(20), now: now)) != nil
                }
            }
            var count = 0
            for await won in group where won {
                count += 1
            }
            return count
        }
        #expect(wins == 1)
    }
}
