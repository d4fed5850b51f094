// SPDX-License-Identifier: Apache-2.0
// Remote mode against a small fake of dirauthd's POST /v1/verify, served over a real socket
// (`.live`), while the protected service is tested through its router.

import DirAuthMiddleware
import Foundation
import Hummingbird
import HummingbirdTesting
import OTP
import Synchronization
import Testing

@Suite("DirAuthMiddleware asking dirauthd's /v1/verify")
struct RemoteVerificationTests {
    static let seed = OTPSecret(bytes: Array("12345678901234567890".utf8))
    static let expiresAt = "2099-01-01T00:00:00Z"

    /// Counts calls; answers like dirauthd.
    final class FakeDirauthd: Sendable {
        let calls = Mutex(0)

        func app() -> some ApplicationProtocol {
            let router = Router()
            router.post("/v1/verify") { request, context -> Response in
                self.calls.withLock { $0 += 1 }
                let body = try await request.body.collect(upTo: 1 << 16)
                let fields = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: String] ?? [:]
                let expected = TOTP(secret: RemoteVerificationTests.seed).code(at: Date())
                guard fields["auth_name"] == "svc", fields["auth_realm"] == "ungleich-auth", fields["auth_token"] == expected else {
                    return Self.json(.forbidden, #"{"detail":"Incorrect authentication credentials."}"#)
                }
                switch fields["token"] {
                case "good":
                    return Self.json(.ok, #"{"username":"alice","groups":["admins","staff"],"realms":["ungleich-admin"],"expires_at":"\#(RemoteVerificationTests.expiresAt)"}"#)
                case "broken":
                    return Self.json(.internalServerError, #"{"detail":"boom"}"#)
                default:
                    return Self.json(.forbidden, #"{"detail":"Invalid or expired token."}"#)
                }
            }
            return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        }

        static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
            Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }

    static func service(port: Int, name: String = "svc") throws -> (some ApplicationProtocol, RemoteTokenVerifier) {
        let verifier = try RemoteTokenVerifier(
            dirauthURL: URL(string: "http://127.0.0.1:\(port)/")!,
            credential: .init(name: name, realm: "ungleich-auth", seed: seed))
        let router = Router(context: BasicDirAuthRequestContext.self)
        router.group("/api")
            .add(middleware: DirAuthTokenMiddleware(verifier: verifier))
            .get("/me") { _, context in
                let identity = try context.requireDirAuthIdentity()
                return "\(identity.username) \(identity.groups.joined(separator: ",")) \(identity.realms.joined(separator: ","))"
            }
        return (Application(router: router), verifier)
    }

    @Test("a good token gets the user, groups and realms; a second request is answered from the cache")
    func goodAndCached() async throws {
        let fake = FakeDirauthd()
        try await fake.app().test(.live) { dirauthd in
            let (app, verifier) = try Self.service(port: try #require(dirauthd.port))
            try await app.test(.router) { client in
                for _ in 0..<3 {
                    try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "chap:good"]) { response in
                        #expect(response.status == .ok)
                        #expect(String(buffer: response.body) == "alice admins,staff ungleich-admin")
                    }
                }
            }
            #expect(fake.calls.withLock { $0 } == 1)
            #expect(verifier.cachedAnswerCount == 1)
        }
    }

    @Test("a token dirauthd calls invalid gets 401 with WWW-Authenticate: crtauth, and the refusal is cached too")
    func badToken() async throws {
        let fake = FakeDirauthd()
        try await fake.app().test(.live) { dirauthd in
            let (app, _) = try Self.service(port: try #require(dirauthd.port))
            try await app.test(.router) { client in
                for _ in 0..<2 {
                    try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "chap:forged"]) { response in
                        #expect(response.status == .unauthorized)
                        #expect(response.headers[.wwwAuthenticate] == "crtauth")
                    }
                }
                try await client.execute(uri: "/api/me", method: .get) { response in
                    #expect(response.status == .unauthorized)
                }
            }
            #expect(fake.calls.withLock { $0 } == 1)
        }
    }

    @Test("when dirauthd refuses the service's own credential, the answer is 503, not 401")
    func serviceRefused() async throws {
        let fake = FakeDirauthd()
        try await fake.app().test(.live) { dirauthd in
            let (app, _) = try Self.service(port: try #require(dirauthd.port), name: "not-a-verifier")
            try await app.test(.router) { client in
                try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "chap:good"]) { response in
                    #expect(response.status == .serviceUnavailable)
                }
            }
        }
    }

    @Test("a 5xx from dirauthd is 503 and not cached")
    func serverError() async throws {
        let fake = FakeDirauthd()
        try await fake.app().test(.live) { dirauthd in
            let (app, verifier) = try Self.service(port: try #require(dirauthd.port))
            try await app.test(.router) { client in
                try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "chap:broken"]) { response in
                    #expect(response.status == .serviceUnavailable)
                }
            }
            #expect(verifier.cachedAnswerCount == 0)
        }
    }

    @Test("an unreachable dirauthd is 503")
    func unreachable() async throws {
        // Port 9 (discard) on loopback: nothing listens there in the test environment.
        let (app, _) = try Self.service(port: 9)
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "chap:good"]) { response in
                #expect(response.status == .serviceUnavailable)
            }
        }
    }

    @Test("the answer cache stays within its bound")
    func bounded() async throws {
        let fake = FakeDirauthd()
        try await fake.app().test(.live) { dirauthd in
            let verifier = try RemoteTokenVerifier(
                dirauthURL: URL(string: "http://127.0.0.1:\(try #require(dirauthd.port))")!,
                credential: .init(name: "svc", realm: "ungleich-auth", seed: Self.seed), maximumCachedAnswers: 4)
            for index in 0..<10 {
                await #expect(throws: DirAuthMiddlewareError.rejected("")) {
                    try await verifier.verify(token: "forged-\(index)")
                }
            }
            #expect(verifier.cachedAnswerCount <= 4)
            #expect(fake.calls.withLock { $0 } == 10)
        }
    }
}
