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

/// The OpenAPI document and the router describe the same API: a route the document lacks, or a
/// documented operation no route serves, fails here. (schemathesis checks the behaviour of every
/// operation against the running server: `Tests/Interop/test_openapi_contract.py`.)
@Suite("OpenAPI document ↔ router")
struct OpenAPIRouteCoverageTests {
    struct NoProbe: DirectoryHealthProbe {
        func check() async -> [DirectoryHealth] { [] }
    }

    /// `METHOD /path` with captures as `{name}` and no trailing slash.
    static func normalized(_ method: String, _ path: String) -> String {
        var segments = path.split(separator: "/").map { segment in
            segment.hasPrefix(":") ? "{" + segment.dropFirst() + "}" : String(segment)
        }
        if segments.isEmpty { segments = [] }
        return method.uppercased() + " /" + segments.joined(separator: "/")
    }

    /// The operations of the document: each `paths` entry's HTTP methods (a small reader for the
    /// document's own layout: two-space indented paths, four-space indented methods).
    static func documentedOperations() throws -> Set<String> {
        let text = String(decoding: APIContract.openAPIDocument, as: UTF8.self)
        var operations: Set<String> = []
        var inPaths = false
        var path: String?
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("paths:") { inPaths = true; continue }
            guard inPaths else { continue }
            if let first = line.first, first != " ", first != "#" { break }  // the next top-level key
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast()).trimmingCharacters(in: CharacterSet(charactersIn: "'\""))
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":"),
                methods.contains(String(line.dropFirst(4).dropLast())), let path
            {
                operations.insert(normalized(String(line.dropFirst(4).dropLast()), path))
            }
        }
        return operations
    }

    /// The operations the router serves, plus the crtauth handshake the middleware answers.
    /// (Every method of `/_auth` counts as served; the document names those clients use.)
    static func servedOperations() throws -> Set<String> {
        let router = try buildRouter(
            configuration: TestConfiguration.make(),
            services: DirAuthServices(health: NoProbe(), keys: InMemoryDirectory(), memberships: InMemoryDirectory()),
            logger: Logger(label: "test")
        )
        var served = Set(router.routes.map { normalized($0.method.rawValue, $0.path.description) })
        // The handshake is a middleware that answers `/_auth` on any method.
        served.formUnion(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].map { $0 + " /_auth" })
        return served
    }

    @Test("every route the server has is in the document")
    func routesAreDocumented() throws {
        let missing = try Self.servedOperations().filter { !$0.hasSuffix(" /_auth") || $0.hasPrefix("GET ") }
            .subtracting(Self.documentedOperations())
        #expect(missing.isEmpty, "routes missing from openapi.yaml: \(missing.sorted())")
    }

    @Test("every documented operation is a route of the server")
    func documentIsServed() throws {
        let missing = try Self.documentedOperations().subtracting(Self.servedOperations())
        #expect(missing.isEmpty, "documented but not served: \(missing.sorted())")
    }

    @Test("the document lists a fair number of operations (the reader understood it)")
    func readerWorks() throws {
        #expect(try Self.documentedOperations().count >= 20)
    }

    @Test("dirauthd serves the document it was built with at /openapi.yaml")
    func served() async throws {
        let app = try buildApplication(
            configuration: TestConfiguration.make(),
            services: DirAuthServices(health: NoProbe(), keys: InMemoryDirectory(), memberships: InMemoryDirectory()),
            logger: Logger(label: "test")
        )
        try await app.test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/yaml")
                #expect(Array(response.body.readableBytesView) == APIContract.openAPIDocument)
                #expect(String(buffer: response.body).contains("\nopenapi: 3.1"))
            }
        }
    }
}
