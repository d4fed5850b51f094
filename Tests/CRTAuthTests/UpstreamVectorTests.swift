// SPDX-License-Identifier: Apache-2.0
// `upstream_vectors` (spotify/crtauth tests and crtauth-java CrtAuthCodecTest) and `java_style_v1_token`.

@testable import CRTAuth
import Foundation
import SSHKeys
import Testing

@Suite("vectors: upstream and Java-style tokens")
struct UpstreamVectorTests {
    @Test("msgpack challenge (secret 'secret') parses, authenticates and re-serializes")
    func msgpackChallenge() throws {
        let vectors = try Vectors.load()
        let raw = try bytes(hex: try vectors.string("upstream_vectors", "msgpack_challenge_secret_secret_hex"))
        let challenge = try CRTChallenge(serialized: raw)
        #expect(challenge.serialized == raw)
        #expect(hex(challenge.fingerprint) == "4c9a0712cb1e")
        #expect(challenge.username == "username" && challenge.serverName == "server.example.com")
        #expect(challenge.validFrom == 1_365_084_334 && challenge.validTo == 1_365_084_634)
        let rebuilt = CRTChallenge(
            uniqueData: challenge.uniqueData, validFrom: challenge.validFrom, validTo: challenge.validTo,
            fingerprint: challenge.fingerprint, serverName: challenge.serverName, username: challenge.username,
            secret: Array("secret".utf8))
        #expect(rebuilt.serialized == raw)
    }

    @Test("msgpack response: the signature verifies, but dirauth refuses its 300 s challenge span")
    func msgpackResponse() throws {
        let vectors = try Vectors.load()
        let raw = try bytes(hex: try vectors.string("upstream_vectors", "msgpack_response_hex"))
        let response = try CRTResponse(serialized: raw)
        #expect(response.serialized == raw)
        #expect(response.challenge == (try bytes(hex: try vectors.string("upstream_vectors", "msgpack_challenge_secret_secret_hex"))))
        let key = try vectors.key("test")
        #expect(key.verifyCRTAuthRSASignature(response.signature, over: response.challenge))

        let server = try TestServers.legacy(secret: Array("secret".utf8))
        let pending = try server.openResponse(Base64URL.encode(raw))
        #expect(pending.username == "username")
        // The challenge names fingerprint 4c9a0712cb1e, not the test key, and spans 300 s: refused either way.
        #expect(throws: CRTAuthError.authenticationFailed("")) {
            try pending.verify(keys: [key], now: Date(timeIntervalSince1970: 1_365_084_400))
        }
    }

    @Test("msgpack token (secret 'gurkburk') validates as a v1 token and re-serializes")
    func msgpackToken() throws {
        let vectors = try Vectors.load()
        let raw = try bytes(hex: try vectors.string("upstream_vectors", "msgpack_token_secret_gurkburk_hex"))
        let token = try CRTToken(serialized: raw)
        #expect(token.serialized == raw)
        #expect(CRTToken(validFrom: 1_365_084_334, validTo: 1_365_084_634, username: "noa", secret: Array("gurkburk".utf8)).serialized == raw)
        let validator = try CRTTokenValidator(secrets: [Array("gurkburk".utf8)])
        let validated = try validator.validate(Base64URL.encode(raw), now: Date(timeIntervalSince1970: 1_365_084_400))
        #expect(validated.username == "noa" && validated.format == .v1)
        // Java's test writes it padded with '='.
        #expect(try validator.validate(Base64URL.encode(raw) + "=", now: Date(timeIntervalSince1970: 1_365_084_400)).username == "noa")
    }

    @Test("v0 token, challenge and response payloads round-trip")
    func xdrPayloads() throws {
        let vectors = try Vectors.load()
        let tokenRaw = try bytes(hex: try vectors.string("upstream_vectors", "v0_token_payload_hex"))
        let token = try CRTLegacyToken(serialized: tokenRaw)
        #expect(token == CRTLegacyToken(validFrom: 1_365_084_334, validTo: 1_365_084_634, username: "noa"))
        #expect(token.serialized == tokenRaw)

        let challengeRaw = try bytes(hex: try vectors.string("upstream_vectors", "v0_challenge_payload_hex"))
        let challenge = try CRTLegacyChallenge(serialized: challengeRaw)
        #expect(challenge.serialized == challengeRaw)
        #expect(challenge.serverName == "example.com" && challenge.username == "user")

        let responseRaw = try bytes(hex: try vectors.string("upstream_vectors", "v0_response_hex"))
        let response = try CRTLegacyResponse(serialized: responseRaw)
        #expect(response.serialized == responseRaw)
        let envelope = try CRTLegacyVerifiablePayload(serialized: response.hmacChallenge)
        let inner = try CRTLegacyChallenge(serialized: envelope.payload)
        #expect(hex(inner.fingerprint) == "db65a2d4f910")
        // This upstream vector (test/protocol_test.py) predates 0.99.4: its signature covers the whole
        // VerifiablePayload, not the inner payload that crtauth 0.99.4 (and dirauth) verify for v0 —
        // compare the generated v0 flow, which verifies over the inner payload only.
        #expect(try vectors.key("test").verifyCRTAuthRSASignature(response.signature, over: response.hmacChallenge))
        #expect(!(try vectors.key("test").verifyCRTAuthRSASignature(response.signature, over: envelope.payload)))
    }

    @Test("the upstream v0 token string validates for server_secret at 1411746561.058992")
    func v0TokenString() throws {
        let vectors = try Vectors.load()
        let token = try vectors.string("upstream_vectors", "v0_token_string_valid_for_server_secret_at_1411746561")
        let server = try TestServers.legacy()
        let validated = try server.validateToken(token, now: Date(timeIntervalSince1970: 1_411_746_561.058992))
        #expect(validated.username == "test" && validated.format == .legacy)
    }

    @Test("java_style_v1_token: dirauth's default v1 token is what crtauth-java issues")
    func javaStyleToken() throws {
        let vectors = try Vectors.load()
        let server = try TestServers.v1()
        let issued = server.issueToken(username: "test", now: Vectors.now)
        #expect(issued.token == (try vectors.string("java_style_v1_token", "b64url")))
        #expect(issued.format == .v1)
        let parsed = try CRTToken(serialized: try Base64URL.decode(issued.token))
        #expect(parsed.authenticatedBytes == (try bytes(hex: try vectors.string("java_style_v1_token", "hmac_input_hex"))))
        let validated = try server.validateToken(issued.token, now: Vectors.now)
        #expect(validated.username == "test" && validated.format == .v1)
        #expect(validated.validTo == Date(timeIntervalSince1970: 1_365_084_396))
    }
}
