// SPDX-License-Identifier: Apache-2.0

public import Configuration
import DirAuthCore
import Directory
import Foundation

extension DirAuthConfiguration {
    /// Reads the configuration from the environment and, when `DIRAUTH_CONFIG_FILE`
    /// names one, a JSON file (environment variables win).
    ///
    /// In the JSON file a setting's name is its environment variable in lower case with
    /// the `_` after `DIRAUTH` and `LDAP` as nesting, e.g.
    /// `{"dirauth": {"ldap": {"uri": "ldap://…", "base_dn": "dc=example,dc=org"}}}`.
    ///
    /// - Parameter environment: The environment to read; `nil` reads the process environment.
    /// - Throws: ``ConfigurationError`` naming the first missing or malformed setting.
    public static func load(environment: [String: String]? = nil) async throws -> Self {
        let environment = environment ?? ProcessInfo.processInfo.environment
        var providers: [any ConfigProvider] = [EnvironmentVariablesProvider(environmentVariables: environment)]
        if let file = environment["DIRAUTH_CONFIG_FILE"], !file.isEmpty {
            guard FileManager.default.isReadableFile(atPath: file) else {
                throw ConfigurationError(setting: "DIRAUTH_CONFIG_FILE", problem: "cannot read \(file)")
            }
            do {
                let path = ConfigReader(provider: InMemoryProvider(values: ["filePath": ConfigValue(.string(file), isSecret: false)]))
                providers.append(try await FileProvider<JSONSnapshot>(config: path))
            } catch {
                throw ConfigurationError(setting: "DIRAUTH_CONFIG_FILE", problem: "\(file) is not a valid JSON configuration: \(error)")
            }
        }
        return try load(from: ConfigReader(providers: providers))
    }

    /// Reads and validates every setting from `reader`.
    /// - Parameters:
    ///   - reader: A reader whose keys are the settings' dotted names (`dirauth.ldap.uri`).
    ///   - openFileLimit: The open-file limit `DIRAUTH_HTTP_MAX_CONNECTIONS` must fit in;
    ///     `nil` reads the process's (`RLIMIT_NOFILE`).
    /// - Throws: ``ConfigurationError`` naming the first missing or malformed setting.
    public static func load(from reader: ConfigReader, openFileLimit: Int? = nil) throws -> Self {
        let settings = SettingsReader(root: reader)
        let ldapSettings = settings.scoped("LDAP")
        var configuration = DirAuthConfiguration(
            secrets: try SecretFile.read(path: settings.required("SECRET_FILE", hint: "a file with one secret of at least 32 bytes per line")),
            ldap: try LDAPSettings(ldapSettings),
            layout: try DirectoryLayout(ldapSettings)
        )
        try configuration.readServer(settings)
        configuration.http = try HTTPSettings(settings.scoped("HTTP"), openFileLimit: openFileLimit ?? OpenFileLimit.soft())
        try configuration.readLogin(settings)
        configuration.otp = try OTPSettings(settings.scoped("OTP"))
        configuration.cache = try DirectoryCacheSettings(settings.scoped("CACHE"))
        return configuration
    }

    /// The listener and the log: `DIRAUTH_LISTEN`, `DIRAUTH_LOG_LEVEL`.
    private mutating func readServer(_ settings: SettingsReader) throws {
        (listenHost, listenPort) = try settings.hostAndPort("LISTEN", default: ("127.0.0.1", 8080))
        logLevel = try settings.choice("LOG_LEVEL", default: "info", among: ["trace", "debug", "info", "notice", "warning", "error", "critical"])
    }

    /// crtauth login: server names, tokens, key sources, group nesting.
    private mutating func readLogin(_ settings: SettingsReader) throws {
        serverNames = try settings.list("SERVER_NAME", default: ["localhost"], hint: "space-separated host names")
        for name in serverNames where !ServerName.isValid(name) {
            throw ConfigurationError(setting: settings.variable("SERVER_NAME"), problem: "\(name) is not a host name (letters, digits, '.', '-')")
        }
        groupNestingDepth = try settings.int("GROUP_NESTING_DEPTH", default: 3, in: 0...32)
        tokenLifetime = try settings.int(
            "TOKEN_LIFETIME", default: 60, in: 1...598, hint: "a token spans lifetime + 2 s and crtauth refuses spans over 600 s"
        )
        tokenFormat = try settings.choice("TOKEN_FORMAT", default: .v1)
        keySources = try settings.choices("KEY_SOURCES", default: [.ldap])
        keyDirectory = settings.optional("KEY_DIRECTORY")
        if keySources.contains(.files) {
            guard let directory = keyDirectory else {
                throw ConfigurationError(setting: settings.variable("KEY_DIRECTORY"), problem: "required when DIRAUTH_KEY_SOURCES lists files")
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ConfigurationError(setting: settings.variable("KEY_DIRECTORY"), problem: "\(directory) is not a folder")
            }
        }
    }
}

/// Host names as crtauth accepts them: `^[a-zA-Z0-9.-]+$`.
enum ServerName {
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-") }
    }
}
