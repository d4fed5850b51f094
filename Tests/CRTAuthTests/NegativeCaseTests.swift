// SPDX-License-Identifier: Apache-2.0
// `negative_cases`: each reference failure maps to the right CRTAuthError kind
// (malformed → HTTP 400, authenticationFailed / unsupportedVersion → 403).

@testable import CRTAuth
import Foundation
import Testing

@Suite("vectors: negative cases")
struct NegativeCaseTests {
    private func cases() throws -> [String: [String: Any]] {
        let vectors = try Vectors.load()
        var result: [String: [String: Any]] = [:]
        for item in try vectors.array("negative_cases") {
            let dictionary = try #require(item as? [String: Any])
            result[try #require(dictionary["case"] as? String)] = dictionary
        }
        #expect(result.count == 12)
        return result
    }

    private func response(_ cases: [String: [String: Any]], _ name: String) throws -> String {
        try #require(cases[name]?["response_b64url"] as? String, "missing case \(name)")
    }

    @Test("a response for another server name is refused")
    func wrongServerName() throws {
        let all = try cases()
        let server = try TestServers.legacy(serverName: "another.server")
        #expect(throws: CRTAuthError.authenticationFailed("")) {
            try server.openResponse(try response(all, "response for server.example.com presented to a server named another.server"))
        }
    }

    @Test("the client refuses a challenge from another server (possible MITM)")
    func clientSideServerName() throws {
        let all = try cases()
        let challenge = try #require(all["client-side server_name check (create_response with 'evil.example.com')"]?["challenge_b64url"] as? String)
        #expect(throws: CRTAuthError.serverNameMismatch("")) {
            try CRTAuthClientLogic.openChallenge(challenge, expectedServerName: "evil.example.com")
        }
        let opened = try CRTAuthClientLogic.openChallenge(challenge, expectedServerName: Vectors.serverName)
        #expect(opened.version == .v1 && opened.username == "test")
    }

    @Test("tampered v1 and v0 challenges fail their HMAC")
    func tamperedChallenges() throws {
        let all = try cases()
        let server = try TestServers.legacy()
        for name in [
            "v1 challenge with one bit flipped (re-signed by the client): challenge HMAC fails",
            "v0 challenge with one bit flipped (re-signed): challenge HMAC fails",
        ] {
            #expect(throws: CRTAuthError.authenticationFailed(""), "\(name)") { try server.openResponse(try response(all, name)) }
        }
    }

    @Test("a corrupted signature is refused")
    func corruptedSignature() throws {
        let all = try cases()
        let server = try TestServers.legacy()
        let pending = try server.openResponse(try response(all, "v1 response with corrupted signature"))
        #expect(throws: CRTAuthError.authenticationFailed("")) {
            try pending.verify(keys: [try Vectors.load().key("test")], now: Vectors.now)
        }
    }

    @Test("garbage responses are malformed", arguments: ["cmFuZG9t", "random", "AnI", "", "A"])
    func garbage(input: String) throws {
        let all = try cases()
        #expect(all["create_token('\(input)')"] != nil || ["", "A"].contains(input))
        #expect(throws: CRTAuthError.malformed("")) { try TestServers.legacy().openResponse(input) }
    }

    @Test("a 65-byte username is refused; 64 bytes is fine")
    func longUsername() throws {
        _ = try cases()
        let server = try TestServers.legacy()
        #expect(throws: CRTAuthError.authenticationFailed("")) {
            try server.makeChallenge(
                for: CRTRequest(username: String(repeating: "x", count: 65)), keys: nil, host: nil, now: Vectors.now,
                uniqueData: Vectors.uniqueData)
        }
        let ok = try server.makeChallenge(
            for: CRTRequest(username: String(repeating: "x", count: 64)), keys: nil, host: nil, now: Vectors.now,
            uniqueData: Vectors.uniqueData)
        #expect(ok.username.count == 64)
    }

    @Test("a '/' in the username is only a file-key-provider concern: the core makes a (fake) challenge")
    func slashUsername() throws {
        _ = try cases()
        let challenge = try TestServers.legacy().makeChallenge(
            for: CRTRequest(username: "../etc"), keys: nil, host: nil, now: Vectors.now, uniqueData: Vectors.uniqueData)
        #expect(challenge.selectedKey == nil)
    }

    @Test("lowest_supported_version 1 refuses v0 requests and v0 responses")
    func lowestVersion() throws {
        let all = try cases()
        #expect(all["lowest_supported_version=1 server, v0 challenge request"] != nil)
        let vectors = try Vectors.load()
        let server = try TestServers.legacy(lowest: .v1)
        #expect(throws: CRTAuthError.unsupportedVersion("")) {
            try server.makeChallenge(
                for: CRTRequest.parse(headerValue: "test"), keys: nil, host: nil, now: Vectors.now, uniqueData: Vectors.uniqueData)
        }
        #expect(throws: CRTAuthError.unsupportedVersion("")) {
            try server.openResponse(try vectors.string("flows", "v0_known_user", "response", "b64url"))
        }
        // v1 still works.
        let pending = try server.openResponse(try vectors.string("flows", "v1_known_user", "response", "b64url"))
        #expect(try pending.verify(keys: [try vectors.key("test")], now: Vectors.now).username == "test")
    }
}
