// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import Foundation

enum TestServers {
    /// The reference configuration of the vectors: legacy tokens, like crtauth's Python server.
    static func legacy(
        secret: [UInt8] = Vectors.secret, serverName: String = Vectors.serverName, lowest: CRTProtocolVersion = .v0
    ) throws -> CRTAuthServer {
        try CRTAuthServer(
            serverNames: [serverName], secrets: [secret], tokenLifetime: 60, tokenFormat: .legacy, lowestSupportedVersion: lowest)
    }

    /// dirauth's defaults: v1 tokens.
    static func v1(secrets: [[UInt8]] = [Vectors.secret], serverNames: [String] = [Vectors.serverName]) throws -> CRTAuthServer {
        try CRTAuthServer(serverNames: serverNames, secrets: secrets)
    }
}
