// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import Crypto
import DirAuthAPI
import DirAuthCore
import DirAuthServer
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SSHKeys
import Synchronization
import TestSupport
import Testing

/// The crtauth handshake through the real router, against an in-memory directory and a clock
/// the test moves: every way a login can go wrong gets its documented status, never a 5xx.
@Suite("Login routes")
struct LoginRouteTests: Sendable {
    /// A clock the test sets.
    final class TestClock: Sendable {
        private let time = Mutex(Date(timeIntervalSince1970: 1_795_000_000))
        var now: Date { time.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
    }

    let alice = TestSigningKey()
    let clock = TestClock()
    let directory = InMemoryDirectory()

    init() throws {
        directory.setUser("alice", .init(keys: [try alice.publicKey], groups: ["developers"]))
        directory.setUser(String(repeating: "a", count: 64), .init(keys: [try alice.publicKey]))
    }

    struct NoProbe: DirectoryHealthProbe {
        func check() async -> [DirectoryHealth] { [] }
    }

    func withApp(serverNames: [String] = ["localhost"], _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let clock = self.clock
        let app = try buildApplication(
            configuration: TestConfiguration.make(serverNames: serverNames),
            services: DirAuthServices(health: NoProbe(), keys: directory, memberships: directory, now: { clock.now }),
            logger: Logger(label: "test")
        )
        try await app.test(.router, body)
    }

    func xchap(_ client: some TestClientProtocol, _ value: String?, method: HTTPRequest.Method = .get) async throws -> (status: Int, xchap: String?, body: String) {
        var headers: HTTPFields = [:]
        if let value { headers[HTTPField.Name("X-CHAP")!] = value }
        return try await client.execute(uri: "/_auth?ignored=1", method: method, headers: headers) { response in
            (Int(response.status.code), response.headers[HTTPField.Name("X-CHAP")!], String(buffer: response.body))
        }
    }

    /// Asks for a challenge for `user` naming alice's key, and signs it.
    func signedResponse(_ client: some TestClientProtocol, user: String = "alice", tamperChallenge: Bool = false) async throws -> String {
        let request = CRTAuthClientLogic.makeRequest(username: user, keyFingerprint: Array(SHA256.hash(data: try alice.publicKey.blob)))
        let answer = try await xchap(client, "request:" + request)
        #expect(answer.status == 200)
        let armoured = try #require(answer.xchap?.split(separator: ":", maxSplits: 1).last.map(String.init))
        let challenge = try CRTAuthClientLogic.openChallenge(armoured, expectedServerName: "localhost")
        var response = CRTAuthClientLogic.makeResponse(to: challenge, signature: try alice.sign(challenge.dataToSign))
        if tamperChallenge {
            var bytes = try Base64URL.decode(response)
            bytes[10] ^= 0x01  // inside the embedded challenge: its HMAC no longer matches
            response = Base64URL.encode(bytes)
        }
        return response
    }

    func token(from answer: (status: Int, xchap: String?, body: String)) throws -> String {
        let value = try #require(answer.xchap)
        #expect(value.hasPrefix("token:"))
        return String(value.dropFirst("token:".count))
    }

    @Test("an ed25519 login through /_auth (any method) gives a token that opens /v1/whoami", arguments: [HTTPRequest.Method.get, .head, .post])
    func login(method: HTTPRequest.Method) async throws {
        try await withApp { client async throws in
            let response = try await signedResponse(client)
            let token = try token(from: try await xchap(client, "response:" + response, method: method))
            try await client.execute(uri: "/v1/whoami", method: .get, headers: [.authorization: "chap:" + token]) { answer in
                #expect(answer.status == .ok)
                #expect(String(buffer: answer.body).contains("\"username\":\"alice\""))
            }
        }
    }

    @Test("a response is redeemable once")
    func replay() async throws {
        try await withApp { client async throws in
            let response = try await signedResponse(client)
            #expect(try await xchap(client, "response:" + response).status == 200)
            let again = try await xchap(client, "response:" + response)
            #expect(again.status == 403)
            #expect(again.body == "Failed to authenticate user")
        }
    }

    @Test("a tampered challenge inside the response fails its HMAC: 403")
    func tamperedChallenge() async throws {
        try await withApp { client async throws in
            let response = try await signedResponse(client, tamperChallenge: true)
            #expect(try await xchap(client, "response:" + response).status == 403)
        }
    }

    @Test("a tampered signature: 403")
    func tamperedSignature() async throws {
        try await withApp { client async throws in
            var bytes = try Base64URL.decode(try await signedResponse(client))
            bytes[bytes.count - 1] ^= 0x01
            #expect(try await xchap(client, "response:" + Base64URL.encode(bytes)).status == 403)
        }
    }

    @Test("a challenge used after its 20 s: 403; within them: 200")
    func expiredChallenge() async throws {
        try await withApp { client async throws in
            let late = try await signedResponse(client)
            let inTime = try await signedResponse(client)
            clock.advance(19)
            #expect(try await xchap(client, "response:" + inTime).status == 200)
            clock.advance(2)
            #expect(try await xchap(client, "response:" + late).status == 403)
        }
    }

    @Test("a challenge issued under another server name: 403")
    func wrongServerName() async throws {
        let foreign = Mutex("")
        try await withApp(serverNames: ["other.example.org"]) { client async throws in
            // Same secret, other name: the HMAC is good, the name is not ours.
            let request = CRTAuthClientLogic.makeRequest(username: "alice", keyFingerprint: Array(SHA256.hash(data: try alice.publicKey.blob)))
            let armoured = try #require(try await xchap(client, "request:" + request).xchap?.split(separator: ":", maxSplits: 1).last.map(String.init))
            let challenge = try CRTAuthClientLogic.openChallenge(armoured, expectedServerName: "other.example.org")
            let response = CRTAuthClientLogic.makeResponse(to: challenge, signature: try alice.sign(challenge.dataToSign))
            foreign.withLock { $0 = response }
        }
        let response = foreign.withLock { $0 }
        try await withApp { client async throws in
            #expect(try await xchap(client, "response:" + response).status == 403)
        }
    }

    @Test("an unknown user gets a challenge like a real one, then 403")
    func unknownUser() async throws {
        try await withApp { client async throws in
            let known = try await xchap(client, "request:" + CRTAuthClientLogic.makeRequest(username: "alice"))
            let unknown = try await xchap(client, "request:" + CRTAuthClientLogic.makeRequest(username: "alicf"))
            #expect(unknown.status == 200)
            #expect(unknown.xchap?.count == known.xchap?.count)
            #expect(try await xchap(client, "response:" + (try await signedResponse(client, user: "alicf"))).status == 403)
        }
    }

    @Test("a 64-byte username logs in; 65 bytes are refused with 403")
    func usernameLength() async throws {
        try await withApp { client async throws in
            let long = String(repeating: "a", count: 64)
            #expect(try await xchap(client, "response:" + (try await signedResponse(client, user: long))).status == 200)
            #expect(try await xchap(client, "request:" + CRTAuthClientLogic.makeRequest(username: long + "a")).status == 403)
        }
    }

    @Test("a removed user's token stops working at once")
    func revocation() async throws {
        try await withApp { client async throws in
            let token = try token(from: try await xchap(client, "response:" + (try await signedResponse(client))))
            directory.setUser("alice", nil)
            try await client.execute(uri: "/v1/whoami", method: .get, headers: [.authorization: "chap:" + token]) { answer in
                #expect(answer.status == .unauthorized)
                #expect(answer.headers[.wwwAuthenticate] == "crtauth")
            }
        }
    }

    @Test("a token outlives its lifetime by nothing: 401 after 60 s")
    func tokenExpiry() async throws {
        try await withApp { client async throws in
            let token = try token(from: try await xchap(client, "response:" + (try await signedResponse(client))))
            clock.advance(61)
            try await client.execute(uri: "/v1/whoami", method: .get, headers: [.authorization: "chap:" + token]) { answer in
                #expect(answer.status == .unauthorized)
            }
        }
    }

    @Test("the JSON API speaks the same handshake")
    func jsonAPI() async throws {
        try await withApp { client async throws in
            let fingerprint = try alice.publicKey.sha256Fingerprint
            let challengeJSON = try await client.execute(
                uri: "/v1/challenge", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"alice","fingerprint":"\#(fingerprint)"}"#)
            ) { response in
                #expect(response.status == .ok)
                return try JSONDecoder().decode([String: String].self, from: Data(String(buffer: response.body).utf8))
            }
            let challenge = try CRTAuthClientLogic.openChallenge(try #require(challengeJSON["challenge"]), expectedServerName: "localhost")
            let response = CRTAuthClientLogic.makeResponse(to: challenge, signature: try alice.sign(challenge.dataToSign))
            try await client.execute(
                uri: "/v1/token", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"response":"\#(response)"}"#)
            ) { answer in
                #expect(answer.status == .ok)
                let body = String(buffer: answer.body)
                #expect(body.contains("\"username\":\"alice\""))
                #expect(body.contains("\"expires_at\":\"2026-"))
            }
            for (body, status) in [("{}", 400), ("not json", 400), (#"{"username":"alice","fingerprint":"MD5:aa"}"#, 400)] {
                try await client.execute(uri: "/v1/challenge", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) { answer in
                    #expect(Int(answer.status.code) == status)
                    #expect(String(buffer: answer.body).hasPrefix("{\"detail\":"))
                }
            }
            try await client.execute(uri: "/v1/token", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x")) { answer in
                #expect(answer.status == .unsupportedMediaType)
            }
        }
    }
}
