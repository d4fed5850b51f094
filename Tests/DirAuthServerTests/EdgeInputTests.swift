// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import DirAuthCore
import DirAuthServer
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Requests the edge cannot read get the client's 400 with a reason, never a refusal that hides
/// it; load balancers' HEAD probes get the health status.
@Suite("Edge: unreadable input and HEAD probes")
struct EdgeInputTests {
    struct Probe: DirectoryHealthProbe {
        let up: Bool
        func check() async -> [DirectoryHealth] { [DirectoryHealth(uri: "ldap://x", up: up)] }
    }

    static func app(up: Bool = true) throws -> some ApplicationProtocol {
        let directory = InMemoryDirectory()
        return try buildApplication(
            configuration: TestConfiguration.make(),
            services: DirAuthServices(health: Probe(up: up), keys: directory, memberships: directory),
            logger: Logger(label: "test")
        )
    }

    /// `{"<field>":"a<0xFF>"}` and friends: JSON that is not UTF-8 (RFC 8259 §8.1).
    static func invalidUTF8(_ json: String) -> ByteBuffer {
        var bytes = Array(json.utf8)
        bytes.insert(0xFF, at: bytes.firstIndex(of: UInt8(ascii: "#"))!)
        bytes.removeAll { $0 == UInt8(ascii: "#") }
        return ByteBuffer(bytes: bytes)
    }

    @Test("JSON that is not UTF-8 is a 400 on every JSON route, never an authentication failure", arguments: [
        ("/v1/challenge", #"{"username":"a#"}"#, "The body is not valid UTF-8."),
        ("/v1/token", #"{"response":"a#"}"#, "The body is not valid UTF-8."),
        ("/v1/verify", #"{"auth_name":"a#","auth_realm":"r","auth_token":"1","token":"t"}"#, "JSON parse error - the body is not valid UTF-8."),
        ("/ungleichotp/verify/", #"{"auth_name":"a#","auth_realm":"r","auth_token":"1"}"#, "JSON parse error - the body is not valid UTF-8."),
    ])
    func invalidUTF8(path: String, json: String, detail: String) async throws {
        try await Self.app().test(.router) { client in
            try await client.execute(uri: path, method: .post, headers: [.contentType: "application/json"], body: Self.invalidUTF8(json)) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body) == #"{"detail":"\#(detail)"}"#)
            }
        }
    }

    @Test("a JSON value that is not an object is a 400 naming the body, not an empty field")
    func notAnObject() async throws {
        try await Self.app().test(.router) { client in
            try await client.execute(uri: "/v1/challenge", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: "[1]")) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body) == #"{"detail":"The body is not a JSON object of the expected shape."}"#)
            }
        }
    }

    @Test("HEAD /healthz and HEAD /readyz answer the GET's status without a body", arguments: [true, false])
    func headProbes(up: Bool) async throws {
        try await Self.app(up: up).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/readyz", method: .head) { response in
                #expect(response.status == (up ? .ok : .serviceUnavailable))
                #expect(response.body.readableBytes == 0)
            }
        }
    }
}

@Suite("Readiness")
struct ReadinessTests {
    @Test("a disconnected change feed makes a healthy instance degraded, with the reason")
    func feedDown() {
        let up = [DirectoryHealth(uri: "ldap://a", up: true)]
        #expect(Readiness(directories: up, cache: CacheHealth(entries: 3, changeFeed: .init(connected: true))).status == .ok)
        let down = Readiness(directories: up, cache: CacheHealth(entries: 3, changeFeed: .init(connected: false, error: "sync search refused")))
        #expect(down.status == .degraded)
        #expect(down.cache?.changeFeed?.error == "sync search refused")
        #expect(Readiness(directories: up, cache: CacheHealth(entries: 0)).status == .ok, "no feed configured: nothing to miss")
        #expect(Readiness(directories: [DirectoryHealth(uri: "ldap://a", up: false)], cache: CacheHealth(entries: 0)).status == .unavailable)
    }
}
