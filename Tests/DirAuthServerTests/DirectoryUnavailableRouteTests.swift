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
import OTP
import SSHKeys
import Synchronization
import TestSupport
import Testing

/// Every route that reaches the directory, against a directory that never answers: 503 in the
/// route's style, and one error line naming the route.
@Suite("Routes: a directory that does not answer is 503 and a log line, on every route")
struct DirectoryUnavailableRouteTests {
    struct NoProbe: DirectoryHealthProbe {
        func check() async -> [DirectoryHealth] { [] }
    }

    /// A request and the body style its route answers in.
    struct Probe: Sendable, CustomTestStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var headers: HTTPFields = [:]
        var body: String? = nil
        var text = false
        var testDescription: String { "\(method) \(path)" }
    }

    static let otpCaller = #"{"auth_name":"admin","auth_realm":"ungleich-admin","auth_token":"123456","name":"n","realm":"r","token":"123456"}"#
    static let json: HTTPFields = [.contentType: "application/json"]

    /// A signed crtauth response and a token minted with the router tests' secret, so the routes
    /// get past the protocol checks to the directory.
    static func credentials() throws -> (response: String, token: String) {
        let (response, token, _) = try signedMaterial()
        return (response, token)
    }

    /// A token minted with the router tests' secret, and the key it was minted for.
    static func credentialsWithKey() throws -> (token: String, key: SSHPublicKey) {
        let (_, token, key) = try signedMaterial()
        return (token, key)
    }

    private static func signedMaterial() throws -> (response: String, token: String, key: SSHPublicKey) {
        let key = TestSigningKey()
        let publicKey = try key.publicKey
        let server = try CRTAuthServer(serverNames: ["localhost"], secrets: [TestConfiguration.secret], tokenLifetime: 60)
        var random = SystemRandomNumberGenerator()
        let request = try CRTRequest.parse(headerValue: CRTAuthClientLogic.makeRequest(username: "alice", keyFingerprint: Array(SHA256.hash(data: publicKey.blob))))
        let now = Date()
        func signed() throws -> String {
            let issued = try server.makeChallenge(for: request, keys: [publicKey], host: "localhost", now: now, using: &random)
            let challenge = try CRTAuthClientLogic.openChallenge(issued.challenge, expectedServerName: "localhost")
            return CRTAuthClientLogic.makeResponse(to: challenge, signature: try key.sign(challenge.dataToSign))
        }
        let response = try signed()
        let token = try server.openResponse(try signed()).verify(keys: [publicKey], now: now, replayGuard: CRTReplayGuard())
        return (response, token.token, publicKey)
    }

    static func probes() throws -> [Probe] {
        let (response, token) = try credentials()
        let id = "00000000-0000-4000-8000-000000000001"
        return [
            Probe(method: .get, path: "/_auth", headers: [HTTPField.Name("X-CHAP")!: "request:" + CRTAuthClientLogic.makeRequest(username: "alice")], text: true),
            Probe(method: .get, path: "/_auth", headers: [HTTPField.Name("X-CHAP")!: "response:" + response], text: true),
            Probe(method: .post, path: "/v1/challenge", headers: json, body: #"{"username":"alice"}"#),
            Probe(method: .post, path: "/v1/token", headers: json, body: #"{"response":"\#(response)"}"#),
            Probe(method: .get, path: "/v1/whoami", headers: [.authorization: "chap:" + token]),
            Probe(method: .post, path: "/v1/verify", headers: json, body: #"{"auth_name":"svc","auth_realm":"ungleich-auth","auth_token":"123456","token":"\#(token)"}"#),
            Probe(method: .post, path: "/ungleichotp/verify/", headers: json, body: otpCaller),
            Probe(method: .get, path: "/ungleichotp/", headers: json, body: otpCaller),
            Probe(method: .post, path: "/ungleichotp/", headers: json, body: otpCaller),
            Probe(method: .delete, path: "/ungleichotp/", headers: json, body: otpCaller),
            Probe(method: .get, path: "/ungleichotp/\(id)/", headers: json, body: otpCaller),
            Probe(method: .put, path: "/ungleichotp/\(id)/", headers: json, body: otpCaller),
            Probe(method: .patch, path: "/ungleichotp/\(id)/", headers: json, body: otpCaller),
            Probe(method: .delete, path: "/ungleichotp/\(id)/", headers: json, body: otpCaller),
            Probe(method: .post, path: "/ungleichotp/\(id)/rotate/", headers: json, body: otpCaller),
        ]
    }

    @Test("503 in the route's style and an error line naming the route", arguments: try probes())
    func unavailable(_ probe: Probe) async throws {
        let storage = CapturingLogHandler.Storage()
        var logger = Logger(label: "capture") { _ in CapturingLogHandler(storage: storage) }
        logger.logLevel = .info
        let down = UnavailableDirectory()
        let app = try buildApplication(
            configuration: TestConfiguration.make(),
            services: DirAuthServices(health: NoProbe(), keys: down, memberships: down, otpEntries: down),
            logger: logger
        )
        try await app.test(.router) { client in
            try await client.execute(
                uri: probe.path, method: probe.method, headers: probe.headers, body: probe.body.map { ByteBuffer(string: $0) }
            ) { response in
                #expect(response.status == .serviceUnavailable)
                let body = String(buffer: response.body)
                let message = "The directory is unavailable; try again shortly."
                #expect(body == (probe.text ? message : #"{"detail":"\#(message)"}"#))
            }
        }
        let lines = storage.lines.withLock { $0 }
        let route = probe.path.split(separator: "?").first.map(String.init) ?? probe.path
        #expect(lines.contains { $0.hasPrefix("error directory unavailable") && $0.contains(route) }, "\(lines)")
    }
}
