// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import Caching
import Crypto
import DirAuthCore
import DirAuthServer
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import OTP
import SSHKeys
import TestSupport
import Testing

/// A user is their exact stored username through every route, with the directory behind its
/// caches as in production: `ALICE` neither logs in with alice's key nor passes `/v1/whoami`
/// or `/v1/verify` with a genuinely signed token, while the verifying service may spell its
/// own OTP name and realm as it likes.
@Suite("Login routes: username spellings")
struct LoginSpellingRouteTests {
    let alice = TestSigningKey()
    let directory = InMemoryDirectory()
    let store = InMemoryOTPEntryStore()
    let billing = OTPSecret.random()

    init() async throws {
        directory.setUser("alice", .init(keys: [try alice.publicKey], groups: ["developers"]))
        directory.setCapabilities([.verify], ofRealm: "ungleich-auth")
        _ = try await store.create(name: "billing", realm: "ungleich-auth", secret: billing)
    }

    func withApp(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let configuration = TTLCacheConfiguration(ttl: .seconds(600), negativeTTL: .seconds(30), jitter: 0, refreshAhead: nil, maxStale: .zero)
        let app = try buildApplication(
            configuration: TestConfiguration.make(),
            services: DirAuthServices(
                health: OTPTestDirectory.NoProbe(),
                keys: CachingPublicKeyDirectory(directory, configuration: configuration, clock: ManualClock()),
                memberships: CachingMembershipDirectory(directory, configuration: configuration, clock: ManualClock()),
                otpEntries: CachingOTPEntryStore(store, configuration: configuration, clock: ManualClock())
            ),
            logger: Logger(label: "test")
        )
        try await app.test(.router, body)
    }

    /// `/_auth` for `user`, answered with alice's signature: the status and the token, if any.
    func login(_ client: some TestClientProtocol, as user: String) async throws -> (status: Int, token: String?) {
        func xchap(_ value: String) async throws -> (Int, String?) {
            try await client.execute(uri: "/_auth", method: .get, headers: [HTTPField.Name("X-CHAP")!: value]) { response in
                (Int(response.status.code), response.headers[HTTPField.Name("X-CHAP")!])
            }
        }
        let request = CRTAuthClientLogic.makeRequest(username: user, keyFingerprint: Array(SHA256.hash(data: try alice.publicKey.blob)))
        let armoured = try #require(try await xchap("request:" + request).1?.split(separator: ":", maxSplits: 1).last.map(String.init))
        let challenge = try CRTAuthClientLogic.openChallenge(armoured, expectedServerName: "localhost")
        let (status, answer) = try await xchap("response:" + CRTAuthClientLogic.makeResponse(to: challenge, signature: try alice.sign(challenge.dataToSign)))
        return (status, answer.flatMap { $0.hasPrefix("token:") ? String($0.dropFirst("token:".count)) : nil })
    }

    func whoami(_ client: some TestClientProtocol, _ token: String) async throws -> (status: Int, body: String) {
        try await client.execute(uri: "/v1/whoami", method: .get, headers: [.authorization: "chap:" + token]) { response in
            (Int(response.status.code), String(buffer: response.body))
        }
    }

    func verify(_ client: some TestClientProtocol, _ token: String, name: String, realm: String) async throws -> (status: Int, body: String) {
        let answer = try await client.raw(.post, "/v1/verify", fields: [
            "auth_name": name, "auth_realm": realm, "auth_token": TOTP(secret: billing).code(at: Date()), "token": token,
        ])
        return (answer.status, answer.body)
    }

    @Test("a login as ALICE, Alice or ａｌｉｃｅ with alice's key gets no token; as alice it does", arguments: ["ALICE", "Alice", "ａｌｉｃｅ"])
    func loginSpellings(user: String) async throws {
        try await withApp { client async throws in
            #expect(try await login(client, as: user) == (403, nil))
            let (status, token) = try await login(client, as: "alice")
            #expect(status == 200)
            #expect(try await whoami(client, try #require(token)).body.contains("\"username\":\"alice\""))
        }
    }

    @Test("a genuinely signed token for ALICE opens neither /v1/whoami nor /v1/verify")
    func tokenForAnotherSpelling() async throws {
        let crtauth = try CRTAuthServer(serverNames: ["localhost"], secrets: [TestConfiguration.secret], tokenLifetime: 60)
        let forged = crtauth.issueToken(username: "ALICE", now: Date()).token
        try await withApp { client async throws in
            #expect(try await whoami(client, forged).status == 401)
            #expect(try await verify(client, forged, name: "billing", realm: "ungleich-auth").status == 403)
        }
    }

    @Test("/v1/verify names alice as stored, whatever the verifying service's spelling of itself", arguments: [("billing", "ungleich-auth"), ("BILLING", "Ungleich-Auth")])
    func verifySpellings(name: String, realm: String) async throws {
        try await withApp { client async throws in
            let token = try #require(try await login(client, as: "alice").token)
            let answer = try await verify(client, token, name: name, realm: realm)
            #expect(answer.status == 200)
            #expect(answer.body.contains("\"username\":\"alice\""))
        }
    }
}
