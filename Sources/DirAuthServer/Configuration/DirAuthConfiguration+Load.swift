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
    /// - Parameter reader: A reader whose keys are the settings' dotted names (`dirauth.ldap.uri`).
    /// - Throws: ``ConfigurationError`` naming the first missing or malformed setting.
    public static func load(from reader: ConfigReader) throws -> Self {
        let settings = SettingsReader(reader: reader)

        let secrets = try SecretFile.read(path: settings.required("DIRAUTH_SECRET_FILE", hint: "a file with one secret of at least 32 bytes per line"))

        var ldap = LDAPSettings(uris: try settings.list("DIRAUTH_LDAP_URI", hint: "space-separated ldap://, ldaps:// or ldapi:// URIs"))
        for uri in ldap.uris where !(uri.hasPrefix("ldap://") || uri.hasPrefix("ldaps://") || uri.hasPrefix("ldapi://")) {
            throw ConfigurationError(setting: "DIRAUTH_LDAP_URI", problem: "\(uri) is not an ldap://, ldaps:// or ldapi:// URI")
        }
        ldap.bindDN = settings.optional("DIRAUTH_LDAP_BIND_DN")
        ldap.bindPassword = try settings.secret("DIRAUTH_LDAP_BIND_PASSWORD")
        if ldap.bindDN != nil, ldap.bindPassword == nil {
            throw ConfigurationError(
                setting: "DIRAUTH_LDAP_BIND_PASSWORD",
                problem: "required with DIRAUTH_LDAP_BIND_DN (or DIRAUTH_LDAP_BIND_PASSWORD_FILE)"
            )
        }
        ldap.caFile = settings.optional("DIRAUTH_LDAP_CA_FILE")
        if let caFile = ldap.caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ConfigurationError(setting: "DIRAUTH_LDAP_CA_FILE", problem: "cannot read \(caFile)")
        }
        ldap.startTLS = try settings.bool("DIRAUTH_LDAP_STARTTLS", default: false)
        ldap.verifyCertificates = try settings.bool("DIRAUTH_LDAP_TLS_VERIFY", default: true)
        ldap.connectTimeout = .seconds(try settings.int("DIRAUTH_LDAP_CONNECT_TIMEOUT", default: 3, in: 1...300))
        ldap.operationTimeout = .seconds(try settings.int("DIRAUTH_LDAP_OPERATION_TIMEOUT", default: 5, in: 1...300))
        ldap.poolSize = try settings.int("DIRAUTH_LDAP_POOL_SIZE", default: 4, in: 1...256)
        ldap.downRetryInterval = .seconds(try settings.int("DIRAUTH_LDAP_DOWN_RETRY", default: 10, in: 1...3600))

        let baseDN = try settings.required("DIRAUTH_LDAP_BASE_DN", hint: "the directory suffix, e.g. dc=example,dc=org")
        let layout = DirectoryLayout(
            baseDN: baseDN,
            peopleBase: settings.optional("DIRAUTH_LDAP_PEOPLE_BASE"),
            groupBase: settings.optional("DIRAUTH_LDAP_GROUP_BASE"),
            otpBase: settings.optional("DIRAUTH_LDAP_OTP_BASE"),
            realmBase: settings.optional("DIRAUTH_LDAP_REALM_BASE"),
            capabilityBase: settings.optional("DIRAUTH_LDAP_CAPABILITY_BASE"),
            serviceBase: settings.optional("DIRAUTH_LDAP_SERVICE_BASE")
        )

        var configuration = DirAuthConfiguration(secrets: secrets, ldap: ldap, layout: layout)
        (configuration.listenHost, configuration.listenPort) = try settings.hostAndPort("DIRAUTH_LISTEN", default: ("127.0.0.1", 8080))
        configuration.serverNames = try settings.list("DIRAUTH_SERVER_NAME", default: ["localhost"], hint: "space-separated host names")
        for name in configuration.serverNames where !ServerName.isValid(name) {
            throw ConfigurationError(setting: "DIRAUTH_SERVER_NAME", problem: "\(name) is not a host name (letters, digits, '.', '-')")
        }
        configuration.groupNestingDepth = try settings.int("DIRAUTH_GROUP_NESTING_DEPTH", default: 3, in: 0...32)
        configuration.tokenLifetime = try settings.int(
            "DIRAUTH_TOKEN_LIFETIME",
            default: 60,
            in: 1...598,
            hint: "a token spans lifetime + 2 s and crtauth refuses spans over 600 s"
        )
        configuration.tokenFormat = try settings.choice("DIRAUTH_TOKEN_FORMAT", default: .v1)
        configuration.keySources = try settings.choices("DIRAUTH_KEY_SOURCES", default: [.ldap])
        configuration.keyDirectory = settings.optional("DIRAUTH_KEY_DIRECTORY")
        if configuration.keySources.contains(.files) {
            guard let directory = configuration.keyDirectory else {
                throw ConfigurationError(setting: "DIRAUTH_KEY_DIRECTORY", problem: "required when DIRAUTH_KEY_SOURCES lists files")
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ConfigurationError(setting: "DIRAUTH_KEY_DIRECTORY", problem: "\(directory) is not a folder")
            }
        }
        configuration.otp.window = try settings.int("DIRAUTH_OTP_WINDOW", default: 1, in: 0...10, hint: "steps either side; 3 restores ungleich-otp")
        configuration.otp.showSeeds = try settings.bool("DIRAUTH_OTP_SHOW_SEEDS", default: false)
        configuration.otp.singleUseRealms = Set(try settings.list("DIRAUTH_OTP_SINGLE_USE_REALMS", default: [], hint: "space-separated realm names"))
        configuration.otp.lockout.threshold = try settings.int("DIRAUTH_OTP_LOCKOUT_THRESHOLD", default: 5, in: 0...1_000_000, hint: "0 disables the lockout")
        configuration.otp.lockout.window = TimeInterval(try settings.int("DIRAUTH_OTP_LOCKOUT_WINDOW", default: 300, in: 1...86_400))
        configuration.otp.lockout.duration = TimeInterval(try settings.int("DIRAUTH_OTP_LOCKOUT_DURATION", default: 900, in: 1...604_800))
        configuration.cache = try loadCacheSettings(settings)
        configuration.logLevel = try settings.choice("DIRAUTH_LOG_LEVEL", default: "info", among: ["trace", "debug", "info", "notice", "warning", "error", "critical"])
        return configuration
    }
}

/// Host names as crtauth accepts them: `^[a-zA-Z0-9.-]+$`.
enum ServerName {
    static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255
            && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "." || $0 == "-") }
    }
}
