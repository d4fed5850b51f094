// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import Crypto
import DirAuthAPI
import DirAuthClient
import DirAuthCore
import DirAuthMiddleware
import DirAuthServer
import Directory
import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import OTP
import SSHKeys
import ServiceLifecycle
import Synchronization
import Testing

/// The client library and the middleware against the real dirauthd application over a socket:
/// one contract (DirAuthAPI's types), three parties.
@Suite("DirAuthClient and DirAuthMiddleware against dirauthd")
struct SharedContractTests {
    struct NoProbe: DirectoryHealthProbe {
        func check() async -> [DirectoryHealth] { [] }
    }

    /// dirauthd over in-memory ports: alice with a key and groups, `billing@ungleich-auth` (verify
    /// capability) and `admin@ungleich-admin` (no verify capability).
    static func dirauthd() async throws -> (app: some ApplicationProtocol, token: String, billing: OTPSecret, admin: OTPSecret) {
        let directory = InMemoryDirectory()
        let (token, key) = try DirectoryUnavailableRouteTests.credentialsWithKey()
        directory.setUser("alice", .init(keys: [key], groups: ["developers"], realms: ["ungleich-admin"]))
        directory.setCapabilities([.verify], ofRealm: "ungleich-auth")
        directory.setCapabilities([.list], ofRealm: "ungleich-admin")
        let store = InMemoryOTPEntryStore()
        let billing = OTPSecret.random()
        let admin = OTPSecret.random()
        _ = try await store.create(name: "billing", realm: "ungleich-auth", secret: billing)
        _ = try await store.create(name: "admin", realm: "ungleich-admin", secret: admin)
        var configuration = TestConfiguration.make()
        configuration.listenPort = 0
        let app = try buildApplication(
            configuration: configuration,
            services: DirAuthServices(health: NoProbe(), keys: directory, memberships: directory, otpEntries: store),
            logger: Logger(label: "test")
        )
        return (app, token, billing, admin)
    }

    @Test("TokenVerificationClient: the token's user with groups and realms; a forged token is rejected")
    func client() async throws {
        let server = try await Self.dirauthd()
        try await server.app.test(.live) { http in
            let url = URL(string: "http://127.0.0.1:\(try #require(http.port))")!
            let client = try TokenVerificationClient(serverURL: url, caller: OTPCredential(name: "billing", realm: "ungleich-auth", seed: server.billing))
            let user = try await client.verify(token: server.token)
            #expect(user.username == "alice" && user.groups == ["developers"] && user.realms == ["ungleich-admin"])
            await #expect(throws: DirAuthClientError.rejected("")) { try await client.verify(token: server.token + "x") }
            let admin = try TokenVerificationClient(serverURL: url, caller: OTPCredential(name: "admin", realm: "ungleich-admin", seed: server.admin))
            await #expect(throws: DirAuthClientError.refused("")) { try await admin.verify(token: server.token) }
        }
    }

    @Test("DirAuthTokenMiddleware in remote mode protects another service with dirauthd's answers")
    func middleware() async throws {
        let server = try await Self.dirauthd()
        try await server.app.test(.live) { http in
            let url = URL(string: "http://127.0.0.1:\(try #require(http.port))")!
            let verifier = try RemoteTokenVerifier(dirauthURL: url, credential: OTPCredential(name: "billing", realm: "ungleich-auth", seed: server.billing))
            let router = Router(context: BasicDirAuthRequestContext.self)
            router.add(middleware: DirAuthTokenMiddleware(verifier: verifier))
            router.get("/me") { _, context in
                let identity = try context.requireDirAuthIdentity()
                return "\(identity.username) \(identity.groups.joined(separator: ","))"
            }
            try await Application(router: router).test(.router) { service in
                try await service.execute(uri: "/me", method: .get, headers: [.authorization: "chap:" + server.token]) { response in
                    #expect(response.status == .ok)
                    #expect(String(buffer: response.body) == "alice developers")
                }
                try await service.execute(uri: "/me", method: .get, headers: [.authorization: "chap:forged"]) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate] == "crtauth")
                }
            }
        }
    }

    @Test("a verifier that owns its HTTP client shuts it down on graceful shutdown")
    func verifierLifecycle() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let verifier = try RemoteTokenVerifier(
            dirauthURL: URL(string: "http://127.0.0.1:9")!, credential: OTPCredential(name: "a", realm: "b", token: "1"),
            httpClient: client, ownsHTTPClient: true
        )
        let group = ServiceGroup(services: [verifier], logger: Logger(label: "test"))
        async let run: Void = group.run()
        await group.triggerGracefulShutdown()
        try await run
        #expect(throws: (any Error).self) { try client.syncShutdown() }  // already shut down
    }

    @Test("the resource service closes every resource on graceful shutdown, in order")
    func resourcesClose() async throws {
        let closed = Mutex<[String]>([])
        let service = ResourceShutdownService([
            ("pool", { closed.withLock { $0.append("pool") } }), ("probes", { closed.withLock { $0.append("probes") } }),
        ])
        let group = ServiceGroup(services: [service], logger: Logger(label: "test"))
        async let run: Void = group.run()
        #expect(closed.withLock { $0 }.isEmpty)
        await group.triggerGracefulShutdown()
        try await run
        #expect(closed.withLock { $0 } == ["pool", "probes"])
    }
}
