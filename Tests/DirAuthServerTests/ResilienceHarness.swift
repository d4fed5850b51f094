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
import LDAPClient
import Logging
import ServiceLifecycle
import TestSupport
import Testing

/// dirauthd's real HTTP application with LDAP-backed live services (caches and change feed
/// included) pointed at private directories, plus the helpers the resilience tests share.
struct ResilienceHarness {
    let configuration: DirAuthConfiguration
    let services: DirAuthServices
    let logger = Logger(label: "resilience")

    /// Live services for `uris`, bound as the service account of `environment`.
    init(environment: DirectoryEnvironment, uris: [String], cache: DirectoryCacheSettings) throws {
        try self.init(
            bindDN: try environment.require("DIRAUTH_LDAP_BIND_DN"), password: try environment.require("DIRAUTH_LDAP_BIND_PASSWORD"),
            baseDN: try environment.require("DIRAUTH_LDAP_BASE_DN"), uris: uris, cache: cache
        )
    }

    /// Live services for `uris`, bound as `bindDN`.
    init(bindDN: String, password: String, baseDN: String, uris: [String], cache: DirectoryCacheSettings) throws {
        var ldap = LDAPSettings(uris: uris)
        ldap.bindDN = bindDN
        ldap.bindPassword = password
        ldap.connectTimeout = .seconds(1)
        ldap.operationTimeout = .seconds(2)
        ldap.downRetryInterval = .seconds(1)
        var configuration = DirAuthConfiguration(
            secrets: [TestConfiguration.secret], ldap: ldap, layout: DirectoryLayout(baseDN: baseDN)
        )
        configuration.cache = cache
        self.configuration = configuration
        services = DirAuthServices.live(configuration: configuration, logger: Logger(label: "resilience"))
    }

    /// Cache settings for the tests: a TTL of `ttl`, one hour of stale-if-error, no jitter.
    static func cacheSettings(ttl: Duration) -> DirectoryCacheSettings {
        var cache = DirectoryCacheSettings()
        cache.ttl = ttl
        cache.negativeTTL = ttl
        cache.jitter = 0
        cache.refreshAhead = 0
        cache.maxStale = .seconds(3600)
        return cache
    }

    /// Runs `body` against the router with the background services (the change feed) running.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try buildApplication(configuration: configuration, services: services, logger: logger)
        let background = services.background
        let feed = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for service in background { group.addTask { try await service.run() } }
                try await group.waitForAll()
            }
        }
        do {
            try await app.test(.router) { client in try await body(client) }
        } catch {
            feed.cancel()
            _ = await feed.result
            throw error
        }
        feed.cancel()
        _ = await feed.result
    }

    // MARK: HTTP helpers

    struct Readiness: Decodable {
        struct Cache: Decodable {
            struct Feed: Decodable { var connected: Bool }
            var entries: Int
            var change_feed: Feed?
        }
        var status: String
        var directories: [DirectoryHealth]
        var cache: Cache?
    }

    static func readiness(_ client: any TestClientProtocol) async throws -> (Int, Readiness) {
        try await client.execute(uri: "/readyz", method: .get) { response in
            (Int(response.status.code), try JSONDecoder().decode(Readiness.self, from: Data(String(buffer: response.body).utf8)))
        }
    }

    /// `POST /v1/challenge` for `username`: the status, the body and how long it took.
    static func challenge(
        _ client: any TestClientProtocol, _ username: String, fingerprint: String? = nil
    ) async throws -> (status: Int, body: String, elapsed: Duration) {
        let clock = ContinuousClock()
        let start = clock.now
        let body = fingerprint.map { "{\"username\":\"\(username)\",\"fingerprint\":\"\($0)\"}" } ?? "{\"username\":\"\(username)\"}"
        return try await client.execute(
            uri: "/v1/challenge", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)
        ) { response in
            (Int(response.status.code), String(buffer: response.body), clock.now - start)
        }
    }

    /// Logs in with an Ed25519 key through `/v1/challenge` and `/v1/token`; returns the token.
    static func login(_ client: any TestClientProtocol, _ username: String, key: Curve25519.Signing.PrivateKey) async throws -> String {
        // Non-RSA keys are named by their SHA-256 fingerprint (PROTOCOL.md §6.3).
        let keyBlob = sshString(Array("ssh-ed25519".utf8)) + sshString(Array(key.publicKey.rawRepresentation))
        let digest = Data(SHA256.hash(data: Data(keyBlob))).base64EncodedString().replacingOccurrences(of: "=", with: "")
        let (status, body, _) = try await challenge(client, username, fingerprint: "SHA256:\(digest)")
        #expect(status == 200, "challenge: \(body)")
        let challenge = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])["challenge"] as? String
        let opened = try CRTAuthClientLogic.openChallenge(try #require(challenge), expectedServerName: "localhost")
        let signature = try key.signature(for: Data(opened.dataToSign))
        let blob = sshString(Array("ssh-ed25519".utf8)) + sshString(Array(signature))
        let response = CRTAuthClientLogic.makeResponse(to: opened, signature: .sshSignature(blob))
        return try await client.execute(
            uri: "/v1/token", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: "{\"response\":\"\(response)\"}")
        ) { response in
            let text = String(buffer: response.body)
            #expect(response.status == .ok, "token: \(text)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            return try #require(object["token"] as? String)
        }
    }

    /// `GET /v1/whoami` with `token`: the status code.
    static func whoami(_ client: any TestClientProtocol, token: String) async throws -> Int {
        try await client.execute(uri: "/v1/whoami", method: .get, headers: [.authorization: "chap:\(token)"]) { Int($0.status.code) }
    }

    /// The OpenSSH line of an Ed25519 public key.
    static func openSSHLine(_ key: Curve25519.Signing.PublicKey) -> String {
        let blob = sshString(Array("ssh-ed25519".utf8)) + sshString(Array(key.rawRepresentation))
        return "ssh-ed25519 \(Data(blob).base64EncodedString()) test"
    }

    /// RFC 4251 §5 `string`: a uint32 length, then the bytes.
    static func sshString(_ bytes: [UInt8]) -> [UInt8] {
        let count = UInt32(bytes.count)
        return [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)] + bytes
    }

    /// An administrator's client for `environment`.
    static func admin(_ environment: DirectoryEnvironment, uri: String? = nil) throws -> LDAPConnectionPool {
        LDAPConnectionPool(
            configuration: LDAPConfiguration(
                uris: [try uri ?? environment.require("DIRAUTH_LDAP_URI")],
                bind: .simple(dn: try environment.require("LDAP_ADMIN_DN"), password: try environment.require("LDAP_ADMIN_PASSWORD")),
                poolSize: 1
            )
        )
    }

    /// Polls until `condition` holds; fails the test after `deadline`. Returns the time it took.
    static func eventually(_ what: String, deadline: Duration = .seconds(5), _ condition: () async throws -> Bool) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < deadline {
            if try await condition() { return clock.now - start }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("\(what): not within \(deadline)")
        return deadline
    }
}
