// SPDX-License-Identifier: Apache-2.0
// Login through a real ssh-agent against a small crtauth server on loopback.

import AsyncHTTPClient
import DirAuthClient
import Foundation
import HummingbirdTesting
import Synchronization
import Testing

@Suite("Login through ssh-agent", .serialized)
struct LoginTests {
    static func cacheDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("dirauth-login-\(UUID().uuidString)")
    }

    @Test("an RSA key logs in the classic way; the token is cached and reused until it expires, then renewed")
    func rsaLoginAndCache() async throws {
        let agent = try ThrowawayAgent(keys: ["alice_rsa"])
        defer { agent.stop() }
        let server = try FakeCRTAuthServer()
        let cacheDir = Self.cacheDirectory()
        defer { try? FileManager.default.removeItem(at: cacheDir) }
        let clock = Mutex(Date())
        try await server.app().test(.live) { http in
            let url = URL(string: "http://127.0.0.1:\(try #require(http.port))/whoami")!
            let client = DirAuthLoginClient(cache: TokenCache(directory: cacheDir), now: { clock.withLock { $0 } })
            let token = try await client.login(url: url, user: "alice", agent: agent.client)
            #expect(server.handshakeCount == 2)  // one request, one response: the classic path

            let cached = try await client.session(url: url, user: "alice", agent: agent.client)
            #expect(cached.token == token)
            #expect(server.handshakeCount == 2)

            let reply = try await client.request(url: url, user: "alice", agent: agent.client)
            #expect(reply.status == 200)
            #expect(String(decoding: reply.body, as: UTF8.self) == "alice")
            #expect(server.handshakeCount == 2)

            // Past the expiry: a new login.
            clock.withLock { $0 = $0.addingTimeInterval(120) }
            _ = try await client.session(url: url, user: "alice", agent: agent.client)
            #expect(server.handshakeCount == 4)
        }
    }

    @Test("an Ed25519-only user logs in through the fingerprint extension")
    func ed25519() async throws {
        let agent = try ThrowawayAgent(keys: ["bob_ed25519"])
        defer { agent.stop() }
        let server = try FakeCRTAuthServer()
        try await server.app().test(.live) { http in
            let url = URL(string: "http://127.0.0.1:\(try #require(http.port))/")!
            let session = try await DirAuthLoginClient().authenticate(url: url, user: "bob", agent: agent.client)
            #expect(session.username == "bob")
            #expect(server.handshakeCount == 3)  // classic request, then the extension request, then the response
        }
    }

    @Test("an unknown user gets noUsableKey naming the fingerprint the server asked for")
    func unknownUser() async throws {
        let agent = try ThrowawayAgent(keys: ["alice_rsa"])
        defer { agent.stop() }
        let server = try FakeCRTAuthServer()
        try await server.app().test(.live) { http in
            let url = URL(string: "http://127.0.0.1:\(try #require(http.port))/")!
            do {
                _ = try await DirAuthLoginClient().login(url: url, user: "mallory", agent: agent.client)
                Issue.record("logged in as an unknown user")
            } catch let error as DirAuthClientError {
                #expect(error.code == .noUsableKey)
                #expect(error.message.contains("crtauth fingerprint"))
                #expect(error.message.contains("may be unknown"))
            }
        }
    }

    @Test("a challenge for another server name is refused before signing")
    func serverName() async throws {
        let agent = try ThrowawayAgent(keys: ["alice_rsa"])
        defer { agent.stop() }
        let server = try FakeCRTAuthServer(serverName: "auth.example.com")
        try await server.app().test(.live) { http in
            let url = URL(string: "http://127.0.0.1:\(try #require(http.port))/")!
            await #expect(throws: DirAuthClientError.serverNameMismatch("")) {
                try await DirAuthLoginClient().login(url: url, user: "alice", agent: agent.client)
            }
            #expect(server.handshakeCount == 1)
        }
    }

    @Test("a cached token the server no longer accepts is replaced by one fresh login")
    func reloginOn401() async throws {
        let agent = try ThrowawayAgent(keys: ["alice_rsa"])
        defer { agent.stop() }
        let server = try FakeCRTAuthServer()
        let cacheDir = Self.cacheDirectory()
        defer { try? FileManager.default.removeItem(at: cacheDir) }
        try await server.app().test(.live) { http in
            let origin = "http://127.0.0.1:\(try #require(http.port))"
            let cache = TokenCache(directory: cacheDir)
            try cache.store(DirAuthSession(origin: origin, username: "alice", token: "stale", expiresAt: Date().addingTimeInterval(300)))
            let reply = try await DirAuthLoginClient(cache: cache).request(url: URL(string: origin + "/whoami")!, user: "alice", agent: agent.client)
            #expect(reply.status == 200)
            #expect(server.handshakeCount == 2)
            #expect(cache.load(origin: origin, username: "alice", now: Date())?.token != "stale")
        }
    }

    @Test("no agent and an unreachable server give their own errors")
    func failures() async throws {
        await #expect(throws: DirAuthClientError.noAgent("")) {
            try await DirAuthLoginClient().session(url: URL(string: "http://127.0.0.1:9/")!, user: "a", agent: try SSHAgentClientFactory.none())
        }
        let agent = try ThrowawayAgent(keys: ["alice_rsa"])
        defer { agent.stop() }
        _ = try await HTTPClient.withCommandLineClient(timeout: .seconds(10)) { http in
            await #expect(throws: DirAuthClientError.unreachable("")) {
                try await DirAuthLoginClient(httpClient: http).login(url: URL(string: "http://127.0.0.1:9/")!, user: "alice", agent: agent.client)
            }
        }
    }
}
