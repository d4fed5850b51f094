// SPDX-License-Identifier: Apache-2.0

import Configuration
import Directory
import DirAuthAPI
import DirAuthCore
@testable import DirAuthServer
import Foundation
import Testing

/// `dirauthd` refuses to start on a missing or malformed setting, with one line naming it.
@Suite("Configuration")
struct ConfigurationTests {
    /// A secret file with `lines`, deleted when the test ends.
    final class SecretFile {
        let path: String
        init(_ lines: [String]) throws {
            path = NSTemporaryDirectory() + "dirauth-secret-\(UUID().uuidString)"
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static let goodSecret = String(repeating: "s", count: 32)

    func minimal(_ secret: SecretFile) -> [String: String] {
        [
            "DIRAUTH_SECRET_FILE": secret.path,
            "DIRAUTH_LDAP_URI": "ldap://127.0.0.1:3890",
            "DIRAUTH_LDAP_BASE_DN": "dc=example,dc=org",
        ]
    }

    func load(_ environment: [String: String]) async throws -> DirAuthConfiguration {
        try await DirAuthConfiguration.load(environment: environment)
    }

    @Test("the three required settings are enough; the rest has documented defaults")
    func defaults() async throws {
        let secret = try SecretFile([Self.goodSecret])
        let configuration = try await load(minimal(secret))
        #expect(configuration.listenHost == "127.0.0.1")
        #expect(configuration.listenPort == 8080)
        #expect(configuration.serverNames == ["localhost"])
        #expect(configuration.tokenLifetime == 60)
        #expect(configuration.tokenFormat == .v1)
        #expect(configuration.keySources == [.ldap])
        #expect(configuration.ldap.uris == ["ldap://127.0.0.1:3890"])
        #expect(configuration.ldap.bindDN == nil)
        #expect(configuration.ldap.verifyCertificates)
        #expect(configuration.layout.peopleBase == "ou=people,dc=example,dc=org")
        #expect(configuration.layout.capabilityBase == "ou=capabilities,dc=example,dc=org")
        #expect(configuration.secrets == [Array(Self.goodSecret.utf8)])
    }

    @Test("a missing required setting is named", arguments: ["DIRAUTH_SECRET_FILE", "DIRAUTH_LDAP_URI", "DIRAUTH_LDAP_BASE_DN"])
    func missingRequired(variable: String) async throws {
        let secret = try SecretFile([Self.goodSecret])
        var environment = minimal(secret)
        environment[variable] = nil
        let error = await #expect(throws: ConfigurationError.self) { try await load(environment) }
        #expect(error?.setting == variable)
        #expect(error?.description.hasPrefix(variable) == true)
    }

    @Test(
        "malformed values are named with what a good value looks like",
        arguments: [
            ("DIRAUTH_LISTEN", "8080"),
            ("DIRAUTH_LISTEN", "localhost:http"),
            ("DIRAUTH_LDAP_URI", "http://127.0.0.1"),
            ("DIRAUTH_TOKEN_LIFETIME", "599"),
            ("DIRAUTH_TOKEN_LIFETIME", "0"),
            ("DIRAUTH_TOKEN_LIFETIME", "sixty"),
            ("DIRAUTH_TOKEN_FORMAT", "v2"),
            ("DIRAUTH_SERVER_NAME", "bad_name!"),
            ("DIRAUTH_LDAP_TLS_VERIFY", "perhaps"),
            ("DIRAUTH_LDAP_POOL_SIZE", "0"),
            ("DIRAUTH_KEY_SOURCES", "ldap nis"),
            ("DIRAUTH_LOG_LEVEL", "loud"),
            ("DIRAUTH_LDAP_CA_FILE", "/nonexistent/ca.pem"),
            ("DIRAUTH_CACHE_TTL", "-1"),
            ("DIRAUTH_CACHE_ENABLED", "sometimes"),
            ("DIRAUTH_CACHE_REFRESH_AHEAD", "1.5"),
            ("DIRAUTH_CACHE_JITTER", "nan"),
            ("DIRAUTH_CACHE_MAX_ENTRIES", "0"),
            ("DIRAUTH_OTP_WINDOW", "-1"),
            ("DIRAUTH_HTTP_IDLE_TIMEOUT", "0"),
            ("DIRAUTH_HTTP_HEADER_TIMEOUT", "ten"),
            ("DIRAUTH_HTTP_BODY_TIMEOUT", "601"),
            ("DIRAUTH_HTTP_MAX_CONNECTIONS", "0"),
        ]
    )
    func malformed(variable: String, value: String) async throws {
        let secret = try SecretFile([Self.goodSecret])
        var environment = minimal(secret)
        environment[variable] = value
        let error = await #expect(throws: ConfigurationError.self) { try await load(environment) }
        #expect(error?.setting == variable)
    }

    @Test("cache settings: documented defaults, and each can be changed")
    func cacheSettings() async throws {
        let secret = try SecretFile([Self.goodSecret])
        let defaults = try await load(minimal(secret)).cache
        #expect(defaults.enabled && defaults.pushInvalidation)
        #expect(defaults.ttl == .seconds(300) && defaults.negativeTTL == .seconds(30) && defaults.maxStale == .seconds(3600))
        #expect(defaults.maxEntries == 10_000 && defaults.refreshAhead == 0.8 && defaults.jitter == 0.1)

        var environment = minimal(secret)
        environment["DIRAUTH_CACHE_ENABLED"] = "false"
        environment["DIRAUTH_CACHE_TTL"] = "600"
        environment["DIRAUTH_CACHE_REFRESH_AHEAD"] = "0"
        let changed = try await load(environment).cache
        #expect(!changed.enabled && changed.ttl == .seconds(600) && changed.refreshAhead == 0)
    }

    /// Loads `environment` as if the process's open-file limit were `openFiles`.
    func load(_ environment: [String: String], openFiles: Int?) throws -> DirAuthConfiguration {
        try DirAuthConfiguration.load(
            from: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: environment)), openFileLimit: openFiles
        )
    }

    @Test("HTTP settings: documented defaults, and each can be changed")
    func httpSettings() throws {
        let secret = try SecretFile([Self.goodSecret])
        let defaults = try load(minimal(secret), openFiles: 8192).http
        #expect(defaults.idleTimeout == .seconds(75) && defaults.headerTimeout == .seconds(10) && defaults.bodyTimeout == .seconds(30))
        #expect(defaults.maxConnections == 4096)
        #expect(try load(minimal(secret), openFiles: nil).http.maxConnections == 4096)

        var environment = minimal(secret)
        environment["DIRAUTH_HTTP_IDLE_TIMEOUT"] = "5"
        environment["DIRAUTH_HTTP_HEADER_TIMEOUT"] = "2"
        environment["DIRAUTH_HTTP_BODY_TIMEOUT"] = "3"
        environment["DIRAUTH_HTTP_MAX_CONNECTIONS"] = "100"
        let changed = try load(environment, openFiles: 1024).http
        #expect(changed.idleTimeout == .seconds(5) && changed.headerTimeout == .seconds(2) && changed.bodyTimeout == .seconds(3))
        #expect(changed.maxConnections == 100)
    }

    @Test("the connection limit fits the open-file limit: by default it shrinks, set it must fit")
    func connectionsFitTheFileLimit() throws {
        let secret = try SecretFile([Self.goodSecret])
        #expect(try load(minimal(secret), openFiles: 1024).http.maxConnections == 1024 - HTTPSettings.reservedFiles)

        var environment = minimal(secret)
        environment["DIRAUTH_HTTP_MAX_CONNECTIONS"] = "960"
        #expect(try load(environment, openFiles: 1024).http.maxConnections == 960)
        environment["DIRAUTH_HTTP_MAX_CONNECTIONS"] = "961"
        let error = #expect(throws: ConfigurationError.self) { try load(environment, openFiles: 1024) }
        #expect(error?.setting == "DIRAUTH_HTTP_MAX_CONNECTIONS")
        #expect(error?.problem.contains("LimitNOFILE") == true && error?.problem.contains("at most 960") == true)

        let tooFew = #expect(throws: ConfigurationError.self) { try load(minimal(secret), openFiles: 64) }
        #expect(tooFew?.setting == "DIRAUTH_HTTP_MAX_CONNECTIONS")
    }

    @Test("the shipped systemd unit's LimitNOFILE holds the default connection limit")
    func systemdUnitHoldsTheDefault() throws {
        let unit = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../deploy/dirauthd.service")
        let text = try String(contentsOf: unit, encoding: .utf8)
        let line = text.split(separator: "\n").first { $0.hasPrefix("LimitNOFILE=") }
        let limit = try #require(line.flatMap { Int($0.dropFirst("LimitNOFILE=".count)) })
        let secret = try SecretFile([Self.goodSecret])
        #expect(try load(minimal(secret), openFiles: limit).http.maxConnections == HTTPSettings().maxConnections)
    }

    @Test("a token lifetime of 598 s is the longest accepted")
    func longestLifetime() async throws {
        let secret = try SecretFile([Self.goodSecret])
        var environment = minimal(secret)
        environment["DIRAUTH_TOKEN_LIFETIME"] = "598"
        #expect(try await load(environment).tokenLifetime == 598)
    }

    @Test("every secret needs 32 bytes; the error names the line, never the secret")
    func shortSecret() async throws {
        let secret = try SecretFile([Self.goodSecret, "too-short-secret"])
        let error = await #expect(throws: ConfigurationError.self) { try await load(minimal(secret)) }
        #expect(error?.setting == "DIRAUTH_SECRET_FILE")
        #expect(error?.problem.contains("line 2") == true)
        #expect(error?.problem.contains("too-short-secret") == false)
    }

    @Test("secrets rotate: all lines are read, the first signs")
    func rotation() async throws {
        let old = String(repeating: "o", count: 40)
        let secret = try SecretFile([Self.goodSecret, old])
        #expect(try await load(minimal(secret)).secrets == [Array(Self.goodSecret.utf8), Array(old.utf8)])
    }

    @Test("a bind DN needs a password, given directly or in a file")
    func bindPassword() async throws {
        let secret = try SecretFile([Self.goodSecret])
        var environment = minimal(secret)
        environment["DIRAUTH_LDAP_BIND_DN"] = "cn=dirauthd,ou=services,dc=example,dc=org"
        let error = await #expect(throws: ConfigurationError.self) { try await load(environment) }
        #expect(error?.setting == "DIRAUTH_LDAP_BIND_PASSWORD")

        let passwordFile = try SecretFile(["hunter2"])
        environment["DIRAUTH_LDAP_BIND_PASSWORD_FILE"] = passwordFile.path
        #expect(try await load(environment).ldap.bindPassword == "hunter2")
    }

    @Test("the file key source needs an existing folder")
    func fileKeySource() async throws {
        let secret = try SecretFile([Self.goodSecret])
        var environment = minimal(secret)
        environment["DIRAUTH_KEY_SOURCES"] = "files ldap"
        let error = await #expect(throws: ConfigurationError.self) { try await load(environment) }
        #expect(error?.setting == "DIRAUTH_KEY_DIRECTORY")

        environment["DIRAUTH_KEY_DIRECTORY"] = NSTemporaryDirectory()
        #expect(try await load(environment).keySources == [.files, .ldap])
    }

    @Test("a JSON configuration file supplies settings; the environment wins")
    func jsonFile() async throws {
        let secret = try SecretFile([Self.goodSecret])
        let file = NSTemporaryDirectory() + "dirauth-config-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let json = """
            {"dirauth": {"listen": "127.0.0.1:9999", "token_lifetime": "120", "ldap": {"bind_dn": "cn=x,dc=example,dc=org", "bind_password": "pw"}}}
            """
        try json.write(toFile: file, atomically: true, encoding: .utf8)
        var environment = minimal(secret)
        environment["DIRAUTH_CONFIG_FILE"] = file
        environment["DIRAUTH_TOKEN_LIFETIME"] = "30"
        let configuration = try await load(environment)
        #expect(configuration.listenPort == 9999)
        #expect(configuration.tokenLifetime == 30)
        #expect(configuration.ldap.bindDN == "cn=x,dc=example,dc=org")
    }
}
