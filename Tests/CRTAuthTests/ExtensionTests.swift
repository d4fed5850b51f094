// SPDX-License-Identifier: Apache-2.0
// dirauth's backward-compatible extensions: fingerprint request field, SSH signature blobs,
// key selection among several keys, non-RSA keys, old clients.

@testable import CRTAuth
import Foundation
import SSHKeys
import TestSupport
import Testing

@Suite("extensions: every key type, several keys, old clients")
struct ExtensionTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000.25)

    private func key(_ kind: TestKey.Kind) throws -> TestKey {
        try #require(TestKey.all[kind], "could not make a \(kind) key")
    }

    /// Runs a complete login as a client would; returns the server's token.
    private func login(
        server: CRTAuthServer, username: String, request: CRTRequest, keys: [SSHPublicKey]?, sign: (CRTClientChallenge) throws -> CRTResponseSignature,
        host: String = Vectors.serverName
    ) throws -> CRTIssuedToken {
        var generator = SplitMix64(seed: 42)
        let parsed = try CRTRequest.parse(headerValue: request.armoured())
        #expect(parsed == request)
        let issued = try server.makeChallenge(for: parsed, keys: keys, host: host, now: now, using: &generator)
        let challenge = try CRTAuthClientLogic.openChallenge(issued.challenge, expectedServerName: host)
        let response = CRTAuthClientLogic.makeResponse(to: challenge, signature: try sign(challenge))
        let pending = try server.openResponse(response)
        #expect(pending.username == username)
        return try pending.verify(keys: keys, now: now.addingTimeInterval(3))
    }

    @Test("each key type logs in through the fingerprint extension with an SSH signature blob", arguments: TestKey.Kind.allCases)
    func roundTrip(kind: TestKey.Kind) throws {
        let testKey = try key(kind)
        let server = try TestServers.v1()
        let token = try login(
            server: server, username: "alice", request: CRTRequest(username: "alice", keyFingerprint: testKey.sha256),
            keys: [testKey.publicKey]
        ) { challenge in
            #expect(challenge.keyFingerprint == testKey.publicKey.crtauthFingerprint)
            return .sshSignature(try testKey.sshSignature(over: challenge.dataToSign))
        }
        #expect(token.key == testKey.publicKey)
        #expect(try server.validateToken(token.token, now: now.addingTimeInterval(3)).username == "alice")
    }

    @Test("RSA: raw SHA-1 (old clients), ssh-rsa, rsa-sha2-256 and rsa-sha2-512 blobs all verify; v0 too",
        arguments: ["raw", "ssh-rsa", "rsa-sha2-256", "rsa-sha2-512"])
    func rsaForms(form: String) throws {
        let rsa = try key(.rsa)
        let server = try TestServers.v1()
        for version in CRTProtocolVersion.allCases {
            let token = try login(server: server, username: "alice", request: CRTRequest(username: "alice", version: version), keys: [rsa.publicKey]) {
                challenge in
                form == "raw"
                    ? .rawRSA(try rsa.rawRSASignature(over: challenge.dataToSign))
                    : .sshSignature(try rsa.sshSignature(over: challenge.dataToSign, rsaAlgorithm: form))
            }
            #expect(token.username == "alice")
        }
    }

    @Test("agent signatures: ssh-rsa becomes a raw signature, other algorithms stay blobs, and both log in")
    func agentSignatureConversion() throws {
        let rsa = try key(.rsa)
        let ed = try key(.ed25519)
        let server = try TestServers.v1()
        let data: [UInt8] = Array("data".utf8)
        let sshRSA = try rsa.sshSignature(over: data, rsaAlgorithm: "ssh-rsa")
        #expect(CRTResponseSignature.fromAgentSignature(sshRSA) == .rawRSA(try rsa.rawRSASignature(over: data)))
        let sha2 = try rsa.sshSignature(over: data, rsaAlgorithm: "rsa-sha2-512")
        #expect(CRTResponseSignature.fromAgentSignature(sha2) == .sshSignature(sha2))
        #expect(CRTResponseSignature.fromAgentSignature([0, 0, 0, 7]) == .sshSignature([0, 0, 0, 7]))
        for testKey in [rsa, ed] {
            let token = try login(
                server: server, username: "alice", request: CRTRequest(username: "alice", keyFingerprint: testKey.sha256), keys: [testKey.publicKey]
            ) {
                .fromAgentSignature(try testKey.sshSignature(over: $0.dataToSign, rsaAlgorithm: "ssh-rsa"))
            }
            #expect(token.key == testKey.publicKey)
        }
    }

    @Test("a signature by another key of the same type is refused")
    func wrongKey() throws {
        let server = try TestServers.v1()
        let other = try TestKey.make(.ed25519)
        let ed = try key(.ed25519)
        #expect(throws: CRTAuthError.authenticationFailed("")) {
            try login(server: server, username: "alice", request: CRTRequest(username: "alice", keyFingerprint: ed.sha256), keys: [ed.publicKey]) {
                .sshSignature(try other.sshSignature(over: $0.dataToSign))
            }
        }
        // A raw (non-blob) signature is not accepted for a non-RSA key.
        #expect(throws: CRTAuthError.authenticationFailed("")) {
            try login(server: server, username: "alice", request: CRTRequest(username: "alice", keyFingerprint: ed.sha256), keys: [ed.publicKey]) {
                let blob = try ed.sshSignature(over: $0.dataToSign)
                return .rawRSA(Array(blob.suffix(64)))
            }
        }
    }

    @Test("with several keys the requested fingerprint picks the key; old clients get the first RSA key")
    func multiKeySelection() throws {
        let ed = try key(.ed25519)
        let rsa = try key(.rsa)
        let p256 = try key(.p256)
        let keys = [ed.publicKey, p256.publicKey, rsa.publicKey]
        let server = try TestServers.v1()

        for testKey in [ed, rsa, p256] {
            let issued = try server.makeChallenge(
                for: CRTRequest(username: "carol", keyFingerprint: testKey.sha256), keys: keys, host: nil, now: now,
                uniqueData: Vectors.uniqueData)
            #expect(issued.selectedKey == testKey.publicKey)
            #expect(issued.fingerprint == testKey.publicKey.crtauthFingerprint)
        }
        let old = try server.makeChallenge(for: CRTRequest(username: "carol"), keys: keys, host: nil, now: now, uniqueData: Vectors.uniqueData)
        #expect(old.selectedKey == rsa.publicKey)

        let token = try login(server: server, username: "carol", request: CRTRequest(username: "carol", keyFingerprint: p256.sha256), keys: keys) {
            .sshSignature(try p256.sshSignature(over: $0.dataToSign))
        }
        #expect(token.key == p256.publicKey)
        // Signing a challenge that names p256 with the ed25519 key fails.
        #expect(throws: CRTAuthError.authenticationFailed("")) {
            try login(server: server, username: "carol", request: CRTRequest(username: "carol", keyFingerprint: p256.sha256), keys: keys) {
                .sshSignature(try ed.sshSignature(over: $0.dataToSign))
            }
        }
    }

    @Test("old client and a user without an RSA key: fake challenge, then refusal")
    func oldClientWithoutRSAKey() throws {
        let ed = try key(.ed25519)
        let server = try TestServers.v1()
        let bob = try server.makeChallenge(
            for: CRTRequest(username: "bob"), keys: [ed.publicKey], host: nil, now: now, uniqueData: Vectors.uniqueData)
        let unknown = try server.makeChallenge(
            for: CRTRequest(username: "bob"), keys: nil, host: nil, now: now, uniqueData: Vectors.uniqueData)
        #expect(bob.selectedKey == nil)
        // Indistinguishable from an unknown user's challenge: byte-identical.
        #expect(bob.challenge == unknown.challenge)
        #expect(bob.fingerprint == server.fakeFingerprint(for: "bob"))
        #expect(bob.fingerprint != ed.publicKey.crtauthFingerprint)
        #expect(throws: CRTAuthError.authenticationFailed("")) {
            try login(server: server, username: "bob", request: CRTRequest(username: "bob"), keys: [ed.publicKey]) {
                .sshSignature(try ed.sshSignature(over: $0.dataToSign))
            }
        }
        // An unknown fingerprint is faked the same way.
        let wrong = try server.makeChallenge(
            for: CRTRequest(username: "bob", keyFingerprint: [UInt8](repeating: 7, count: 32)), keys: [ed.publicKey], host: nil, now: now,
            uniqueData: Vectors.uniqueData)
        #expect(wrong.challenge == unknown.challenge)
    }

    @Test("the challenge carries the Host name when configured, else the first name")
    func serverNameSelection() throws {
        let server = try TestServers.v1(serverNames: ["auth.example.com", "auth"])
        #expect(server.serverName(forHost: "auth") == "auth")
        #expect(server.serverName(forHost: "auth:8080") == "auth")
        #expect(server.serverName(forHost: "evil.example") == "auth.example.com")
        #expect(server.serverName(forHost: nil) == "auth.example.com")
        #expect(server.serverName(forHost: "[::1]:80") == "auth.example.com")
        let rsa = try key(.rsa)
        let token = try login(server: server, username: "alice", request: CRTRequest(username: "alice"), keys: [rsa.publicKey], sign: {
            .rawRSA(try rsa.rawRSASignature(over: $0.dataToSign))
        }, host: "auth")
        #expect(token.username == "alice")
    }
}
