// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import DirAuthMiddleware
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("DirAuthMiddleware with the shared secret")
struct LocalVerificationTests {
    static let secret = Array("middleware-test-secret".utf8)
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func token(user: String = "alice", secret: [UInt8] = secret, issuedAt: Date = now, format: CRTTokenFormat = .v1) throws -> String {
        try CRTAuthServer(serverNames: ["localhost"], secrets: [secret], tokenFormat: format).issueToken(username: user, now: issuedAt).token
    }

    static func app(secrets: [[UInt8]] = [secret]) throws -> some ApplicationProtocol {
        let router = Router(context: BasicDirAuthRequestContext.self)
        router.get("/open") { _, _ in "open" }
        router.group("/api")
            .add(middleware: DirAuthTokenMiddleware(verifier: try LocalTokenVerifier(secrets: secrets, now: { now })))
            .get("/me") { _, context in
                let identity = try context.requireDirAuthIdentity()
                return "\(identity.username) \(Int(identity.expiresAt.timeIntervalSince1970)) \(identity.hasMemberships)"
            }
        return Application(router: router)
    }

    @Test("a valid token reaches the handler with its user and expiry")
    func valid() async throws {
        let token = try Self.token()
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "chap:" + token]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "alice \(1_800_000_000 + 60) false")
            }
        }
    }

    @Test("a token signed with another secret is refused with 401 and WWW-Authenticate: crtauth")
    func forged() async throws {
        let token = try Self.token(secret: Array("someone-else".utf8))
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "chap:" + token]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "crtauth")
            }
        }
    }

    @Test("a tampered token is refused")
    func tampered() async throws {
        var bytes = Array(try Self.token().utf8)
        bytes[10] = bytes[10] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let token = String(decoding: bytes, as: UTF8.self)
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "chap:" + token]) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test("an expired token is refused")
    func expired() async throws {
        let token = try Self.token(issuedAt: Self.now.addingTimeInterval(-120))
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "chap:" + token]) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "crtauth")
            }
        }
    }

    @Test("missing, empty, non-chap and garbage Authorization headers get 401", arguments: [
        nil, "", "chap:", "Bearer abc", "CHAP:abc", "chap:!!!not-base64!!!", "chap:AAAA",
    ])
    func missing(header: String?) async throws {
        try await Self.app().test(.router) { client in
            var headers: HTTPFields = [:]
            if let header { headers[.authorization] = header }
            try await client.execute(uri: "/api/me", method: .get, headers: headers) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "crtauth")
            }
        }
    }

    @Test("unprotected routes are untouched")
    func unprotected() async throws {
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/open", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test("legacy tokens and tokens of a rotated-out secret still in the list are accepted")
    func rotation() async throws {
        let old = Array("old-secret".utf8)
        let legacy = try Self.token(user: "bob", secret: old, format: .legacy)
        try await Self.app(secrets: [Self.secret, old]).test(.router) { client in
            try await client.execute(uri: "/api/me", method: .get, headers: [.authorization: "chap:" + legacy]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).hasPrefix("bob "))
            }
        }
    }

    @Test("an empty secret list is a configuration error")
    func noSecret() {
        #expect(throws: DirAuthMiddlewareError.invalidConfiguration("")) {
            try LocalTokenVerifier(secrets: [])
        }
    }
}
