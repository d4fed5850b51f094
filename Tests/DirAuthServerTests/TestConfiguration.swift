// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import DirAuthCore
import DirAuthServer
import Directory

/// A configuration for router tests: no file, no network.
enum TestConfiguration {
    static let secret = Array("router-test-secret-0123456789abcdef".utf8)

    static func make(serverNames: [String] = ["localhost"], tokenLifetime: Int = 60, secrets: [[UInt8]] = [secret]) -> DirAuthConfiguration {
        var configuration = DirAuthConfiguration(
            secrets: secrets,
            ldap: LDAPSettings(uris: ["ldap://127.0.0.1:1"]),
            layout: DirectoryLayout(baseDN: "dc=example,dc=org")
        )
        configuration.serverNames = serverNames
        configuration.tokenLifetime = tokenLifetime
        return configuration
    }
}
