// SPDX-License-Identifier: Apache-2.0

import Foundation

extension LDAPSettings {
    /// Reads `DIRAUTH_LDAP_*`: the servers, the bind, TLS, timeouts and the pool.
    /// - Parameter settings: The `LDAP` scope.
    /// - Throws: ``ConfigurationError`` naming the first missing or malformed setting.
    init(_ settings: SettingsReader) throws {
        self.init(uris: try settings.list("URI", hint: "space-separated ldap://, ldaps:// or ldapi:// URIs"))
        for uri in uris where !(uri.hasPrefix("ldap://") || uri.hasPrefix("ldaps://") || uri.hasPrefix("ldapi://")) {
            throw ConfigurationError(setting: settings.variable("URI"), problem: "\(uri) is not an ldap://, ldaps:// or ldapi:// URI")
        }
        bindDN = settings.optional("BIND_DN")
        bindPassword = try settings.secret("BIND_PASSWORD")
        if bindDN != nil, bindPassword == nil {
            throw ConfigurationError(
                setting: settings.variable("BIND_PASSWORD"),
                problem: "required with \(settings.variable("BIND_DN")) (or \(settings.variable("BIND_PASSWORD_FILE")))"
            )
        }
        caFile = settings.optional("CA_FILE")
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw ConfigurationError(setting: settings.variable("CA_FILE"), problem: "cannot read \(caFile)")
        }
        startTLS = try settings.bool("STARTTLS", default: false)
        verifyCertificates = try settings.bool("TLS_VERIFY", default: true)
        connectTimeout = .seconds(try settings.int("CONNECT_TIMEOUT", default: 3, in: 1...300))
        operationTimeout = .seconds(try settings.int("OPERATION_TIMEOUT", default: 5, in: 1...300))
        poolSize = try settings.int("POOL_SIZE", default: 4, in: 1...256)
        downRetryInterval = .seconds(try settings.int("DOWN_RETRY", default: 10, in: 1...3600))
    }
}
