// SPDX-License-Identifier: Apache-2.0
// The `flows` section: the reference server's complete v1 and v0 logins with fixed inputs
// (secret "server_secret", server "server.example.com", now 1365084336, unique data 10…23).
// The vectors' tokens are legacy tokens, so these tests use the `.legacy` token setting.

@testable import CRTAuth
import Foundation
import SSHKeys
import Testing

@Suite("vectors: flows")
struct FlowVectorTests {
    @Test("known user, v1 and v0: challenge bytes, response verification and token are byte-exact", arguments: ["v1_known_user", "v0_known_user"])
    func knownUser(flow: String) throws {
        let vectors = try Vectors.load()
        let server = try TestServers.legacy()
        let key = try vectors.key("test")
        let requestText = String(try vectors.string("flows", flow, "request", "x_chap").dropFirst("request:".count))
        let request = try CRTRequest.parse(headerValue: requestText)

        let challenge = try server.makeChallenge(
            for: request, keys: [key], host: Vectors.serverName, now: Vectors.now, uniqueData: Vectors.uniqueData)
        #expect(challenge.challenge == (try vectors.string("flows", flow, "challenge", "b64url")))
        #expect(hex(challenge.fingerprint) == (try vectors.string("flows", flow, "challenge", "fingerprint_hex")))
        #expect(challenge.selectedKey == key)
        #expect(try Base64URL.decode(challenge.challenge) == (try bytes(hex: try vectors.string("flows", flow, "challenge", "hex"))))

        let pending = try server.openResponse(try vectors.string("flows", flow, "response", "b64url"))
        #expect(pending.username == "test")
        #expect(pending.version.rawValue == Int(try vectors.double("flows", flow, "protocol_version")))
        let token = try pending.verify(keys: [key], now: Vectors.now)
        #expect(token.token == (try vectors.string("flows", flow, "token", "b64url")))
        #expect(token.key == key)
        #expect(token.format == .legacy)
        #expect(try Base64URL.decode(token.token) == (try bytes(hex: try vectors.string("flows", flow, "token", "hex"))))

        let validated = try server.validateToken(token.token, now: Vectors.now)
        #expect(validated.username == (try vectors.string("flows", flow, "validate_token_at_now", "result")))
        #expect(validated.format == .legacy)
        #expect(validated.validFrom == Date(timeIntervalSince1970: 1_365_084_334))
        #expect(validated.validTo == Date(timeIntervalSince1970: 1_365_084_396))
    }

    @Test("v1 challenge layout: HMAC input and HMAC as in the vectors")
    func v1ChallengeLayout() throws {
        let vectors = try Vectors.load()
        let challengeBytes = try bytes(hex: try vectors.string("flows", "v1_known_user", "challenge", "hex"))
        let challenge = try CRTChallenge(serialized: challengeBytes)
        #expect(challenge.authenticatedBytes == (try bytes(hex: try vectors.string("flows", "v1_known_user", "challenge", "hmac_input_hex"))))
        #expect(hex(challenge.hmac) == (try vectors.string("flows", "v1_known_user", "challenge", "hmac_sha256_hex")))
        #expect(challenge.serialized == challengeBytes)
        #expect(challenge.validFrom == 1_365_084_334 && challenge.validTo == 1_365_084_356)
        #expect(challenge.serverName == Vectors.serverName && challenge.username == "test")

        let responseBytes = try bytes(hex: try vectors.string("flows", "v1_known_user", "response", "hex"))
        let response = try CRTResponse(serialized: responseBytes)
        #expect(response.challenge == challengeBytes)
        #expect(hex(response.signature) == (try vectors.string("flows", "v1_known_user", "response", "signature_hex")))
        #expect(response.serialized == responseBytes)
    }

    @Test("v0 challenge layout: inner payload, HMAC-SHA1 and response as in the vectors")
    func v0ChallengeLayout() throws {
        let vectors = try Vectors.load()
        let wrapped = try bytes(hex: try vectors.string("flows", "v0_known_user", "challenge", "hex"))
        let envelope = try CRTLegacyVerifiablePayload(serialized: wrapped)
        #expect(envelope.payload == (try bytes(hex: try vectors.string("flows", "v0_known_user", "challenge", "payload_hex"))))
        #expect(hex(envelope.digest) == (try vectors.string("flows", "v0_known_user", "challenge", "hmac_sha1_hex")))
        #expect(envelope.serialized == wrapped)
        let challenge = try CRTLegacyChallenge(serialized: envelope.payload)
        #expect(challenge.serialized == envelope.payload)
        let responseBytes = try bytes(hex: try vectors.string("flows", "v0_known_user", "response", "hex"))
        let response = try CRTLegacyResponse(serialized: responseBytes)
        #expect(response.hmacChallenge == wrapped)
        #expect(response.serialized == responseBytes)
        #expect(hex(response.signature) == (try vectors.string("flows", "v0_known_user", "response", "signature_hex")))
        // v0 signs the inner payload only.
        #expect(try vectors.key("test").verifyCRTAuthRSASignature(response.signature, over: envelope.payload))
        #expect(!(try vectors.key("test").verifyCRTAuthRSASignature(response.signature, over: wrapped)))
    }

    @Test("unknown user, v1 and v0: fake fingerprint HMAC-SHA1(secret, username)[:6], then refusal",
        arguments: ["v1_unknown_user", "v0_unknown_user"])
    func unknownUser(flow: String) throws {
        let vectors = try Vectors.load()
        let server = try TestServers.legacy()
        let requestText = String(try vectors.string("flows", flow, "request", "x_chap").dropFirst("request:".count))
        let request = try CRTRequest.parse(headerValue: requestText)
        let challenge = try server.makeChallenge(
            for: request, keys: nil, host: nil, now: Vectors.now, uniqueData: Vectors.uniqueData)
        #expect(challenge.challenge == (try vectors.string("flows", flow, "challenge", "b64url")))
        #expect(hex(challenge.fingerprint) == (try vectors.string("flows", flow, "challenge", "fingerprint_hex")))
        #expect(challenge.selectedKey == nil)

        // The real user's challenge and the fake one have the same length and shape.
        let known = try server.makeChallenge(
            for: CRTRequest(username: "nobodx", version: request.version), keys: [try vectors.key("test")], host: nil,
            now: Vectors.now, uniqueData: Vectors.uniqueData)
        #expect(known.challenge.count == challenge.challenge.count)

        // The reference refuses create_token with NoSuchUserException: the client can only sign with
        // some key, and the user has none.
        let pending = try server.openResponse(
            CRTAuthClientLogic.makeResponse(
                to: try CRTAuthClientLogic.openChallenge(challenge.challenge, expectedServerName: Vectors.serverName),
                signature: .rawRSA(Array(repeating: 1, count: 256))))
        #expect(pending.username == "nobody")
        #expect(throws: CRTAuthError.authenticationFailed("")) { try pending.verify(keys: nil, now: Vectors.now) }
        #expect(throws: CRTAuthError.authenticationFailed("")) { try pending.verify(keys: [], now: Vectors.now) }
        #expect(throws: CRTAuthError.authenticationFailed("")) {
            try pending.verify(keys: [try vectors.key("test")], now: Vectors.now)
        }
    }

    @Test("e=35 key: challenge for noa is byte-exact")
    func e35Key() throws {
        let vectors = try Vectors.load()
        let server = try TestServers.legacy()
        let key = try vectors.key("noa")
        #expect(hex(key.crtauthFingerprint) == (try vectors.string("keys", "noa", "fingerprint_hex")))
        let challenge = try server.makeChallenge(
            for: CRTRequest(username: "noa"), keys: [key], host: nil, now: Vectors.now, uniqueData: Vectors.uniqueData)
        #expect(challenge.challenge == (try vectors.string("flows", "v1_known_user_e35_key_challenge_only", "challenge_b64url")))
    }

    @Test("40-character username: the challenge writes it as str16, like the reference")
    func longUsernameChallenge() throws {
        let vectors = try Vectors.load()
        let server = try TestServers.legacy()
        let challenge = try server.makeChallenge(
            for: CRTRequest(username: String(repeating: "u", count: 40)), keys: nil, host: nil, now: Vectors.now,
            uniqueData: Vectors.uniqueData)
        #expect(challenge.challenge == (try vectors.string("long_usernames", "challenge_for_40_char_username", "b64url")))
    }

    @Test("short signature: one byte short is left-padded and accepted, like the padded one")
    func shortSignature() throws {
        let vectors = try Vectors.load()
        let server = try TestServers.legacy()
        let key = try vectors.key("test")
        let unique = try bytes(hex: try vectors.string("short_signature", "unique_data_hex"))
        let now = Date(timeIntervalSince1970: try vectors.double("short_signature", "now"))
        let challenge = try server.makeChallenge(for: CRTRequest(username: "test"), keys: [key], host: nil, now: now, uniqueData: unique)
        #expect(challenge.challenge == (try vectors.string("short_signature", "challenge_b64url")))
        #expect(try vectors.double("short_signature", "short_signature_length") == 255)
        for field in ["response_short_sig_b64url", "response_padded_sig_b64url"] {
            let pending = try server.openResponse(try vectors.string("short_signature", field))
            let token = try pending.verify(keys: [key], now: now)
            #expect(token.token == (try vectors.string("short_signature", "python_create_token_short", "result")))
        }
        let short = try CRTResponse(serialized: try Base64URL.decode(try vectors.string("short_signature", "response_short_sig_b64url")))
        #expect(short.signature.count == 255)
    }
}
