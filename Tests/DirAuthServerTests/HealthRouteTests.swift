// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import DirAuthCore
import DirAuthServer
import Directory
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// `/healthz` answers while the process runs; `/readyz` says whether the directories do.
@Suite("Health routes")
struct HealthRouteTests {
    struct FixedProbe: DirectoryHealthProbe {
        var results: [DirectoryHealth]
        func check() async -> [DirectoryHealth] { results }
    }

    func app(probe: [DirectoryHealth]) throws -> some ApplicationProtocol {
        let directory = InMemoryDirectory()
        return try buildApplication(
            configuration: TestConfiguration.make(),
            services: DirAuthServices(health: FixedProbe(results: probe), keys: directory, memberships: directory),
            logger: Logger(label: "test")
        )
    }

    struct Readiness: Decodable {
        var status: String
        var directories: [DirectoryHealth]
    }

    @Test("readiness: every directory up is ok, some up is degraded (200), none up is unavailable (503)",
          arguments: [
            ([true], "ok", 200), ([true, false], "degraded", 200), ([false, true], "degraded", 200),
            ([false], "unavailable", 503), ([false, false], "unavailable", 503),
          ])
    func readiness(up: [Bool], status: String, code: Int) async throws {
        let probe = up.enumerated().map { index, up in
            DirectoryHealth(uri: "ldap://server\(index)", up: up, error: up ? nil : "connect error")
        }
        try await app(probe: probe).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status.code == code)
                let body = try JSONDecoder().decode(Readiness.self, from: Data(String(buffer: response.body).utf8))
                #expect(body.status == status)
                #expect(body.directories == probe)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
