// SPDX-License-Identifier: Apache-2.0
// `time_windows`: when the reference accepts a response and a token (legacy tokens).

@testable import CRTAuth
import Foundation
import SSHKeys
import TestSupport
import Testing

@Suite("vectors: time windows")
struct TimeWindowTests {
    @Test("create_token acceptance table: valid_from <= now <= valid_to against a fractional now")
    func createToken() throws {
        let vectors = try Vectors.load()
        let server = try TestServers.legacy()
        let key = try vectors.key("test")
        let response = try vectors.string("time_windows", "response_b64url")
        let table = try vectors.array("time_windows", "create_token_at")
        #expect(table.count == 7)
        for index in table.indices {
            let now = Date(timeIntervalSince1970: try vectors.double("time_windows", "create_token_at", index, "now"))
            let outcome = try vectors.dictionary("time_windows", "create_token_at", index, "create_token")
            let pending = try server.openResponse(response)
            if outcome["ok"] as? Bool == true {
                #expect(try pending.verify(keys: [key], now: now).token == (try #require(outcome["result"] as? String)))
            } else {
                #expect(throws: CRTAuthError.authenticationFailed(""), "now \(now.timeIntervalSince1970)") {
                    try pending.verify(keys: [key], now: now)
                }
            }
        }
    }

    @Test("validate_token acceptance table")
    func validateToken() throws {
        let vectors = try Vectors.load()
        let server = try TestServers.legacy()
        let token = try vectors.string("time_windows", "token", "b64url")
        let table = try vectors.array("time_windows", "validate_token_at")
        #expect(table.count == 5)
        for index in table.indices {
            let now = Date(timeIntervalSince1970: try vectors.double("time_windows", "validate_token_at", index, "now"))
            let outcome = try vectors.dictionary("time_windows", "validate_token_at", index, "validate_token")
            if outcome["ok"] as? Bool == true {
                #expect(try server.validateToken(token, now: now).username == (try #require(outcome["result"] as? String)))
            } else {
                #expect(outcome["exception"] as? String == "crtauth.exceptions.TokenExpiredException")
                #expect(throws: CRTAuthError.tokenExpired("")) { try server.validateToken(token, now: now) }
            }
        }
    }

    @Test("a token spanning 3600 s is refused as invalid, even with a good HMAC")
    func overlongToken() throws {
        let vectors = try Vectors.load()
        let token = try vectors.string("time_windows", "token_lifetime_3600", "b64url")
        #expect(throws: CRTAuthError.tokenInvalid("")) { try TestServers.legacy().validateToken(token, now: Vectors.now) }
        // The same for v1 tokens.
        let v1 = Base64URL.encode(CRTToken(validFrom: 1_365_084_334, validTo: 1_365_084_334 + 601, username: "test", secret: Vectors.secret).serialized)
        #expect(throws: CRTAuthError.tokenInvalid("")) { try TestServers.v1().validateToken(v1, now: Vectors.now) }
        let v1ok = Base64URL.encode(CRTToken(validFrom: 1_365_084_334, validTo: 1_365_084_334 + 600, username: "test", secret: Vectors.secret).serialized)
        #expect(try TestServers.v1().validateToken(v1ok, now: Vectors.now).username == "test")
    }

    @Test("a token checked with the wrong secret is invalid")
    func wrongSecret() throws {
        let vectors = try Vectors.load()
        let token = try vectors.string("time_windows", "token", "b64url")
        let server = try TestServers.legacy(secret: Array(try vectors.string("time_windows", "token_wrong_secret", "secret_utf8").utf8))
        #expect(throws: CRTAuthError.tokenInvalid("")) { try server.validateToken(token, now: Vectors.now) }
    }

    @Test("a challenge spanning more than 22 s is refused even inside its window")
    func longChallenge() throws {
        let vectors = try Vectors.load()
        let server = try TestServers.v1()
        let key = try vectors.key("test")
        let challenge = CRTChallenge(
            uniqueData: Vectors.uniqueData, validFrom: 1_365_084_334, validTo: 1_365_084_357, fingerprint: key.crtauthFingerprint,
            serverName: Vectors.serverName, username: "test", secret: Vectors.secret)
        let response = Base64URL.encode(CRTResponse(challenge: challenge.serialized, signature: [0]).serialized)
        #expect(throws: CRTAuthError.authenticationFailed("")) {
            try server.openResponse(response).verify(keys: [key], now: Vectors.now)
        }
    }

    @Test("issued tokens span lifetime + 2 s; challenges 22 s")
    func issuedSpans() throws {
        let server = try CRTAuthServer(serverNames: ["a.example"], secrets: [[1]], tokenLifetime: 598)
        let now = Date(timeIntervalSince1970: 1_700_000_000.75)
        let token = server.issueToken(username: "u", now: now)
        #expect(token.validFrom == Date(timeIntervalSince1970: 1_699_999_998))
        #expect(token.validTo == Date(timeIntervalSince1970: 1_700_000_598))
        #expect(try server.validateToken(token.token, now: now).username == "u")
        var generator = SplitMix64(seed: 7)
        let challenge = try server.makeChallenge(for: CRTRequest(username: "u"), keys: nil, host: nil, now: now, using: &generator)
        #expect(challenge.validTo.timeIntervalSince(challenge.validFrom) == 22)
    }
}
