// SPDX-License-Identifier: Apache-2.0

public import DirAuthCore
public import Directory

/// Everything `dirauthd` is told at start-up, validated and typed.
///
/// Built from environment variables (and optionally a file) by
/// ``DirAuthConfiguration/load(from:)``; tests build it directly.
public struct DirAuthConfiguration: Sendable {
    /// `DIRAUTH_LISTEN`: the address to serve HTTP on.
    public var listenHost: String = "127.0.0.1"
    /// The port of `DIRAUTH_LISTEN`.
    public var listenPort: Int = 8080
    /// `DIRAUTH_HTTP_*`: the listener's deadlines and connection limit.
    public var http: HTTPSettings = .init()
    /// `DIRAUTH_SERVER_NAME`: the names clients use for this service. A challenge carries
    /// the request's `Host` name when it is one of these, else the first.
    public var serverNames: [String] = ["localhost"]
    /// `DIRAUTH_SECRET_FILE`: HMAC secrets, one per line; the first signs, all verify.
    public var secrets: [[UInt8]]
    /// The LDAP connection settings.
    public var ldap: LDAPSettings
    /// Where things live in the directory.
    public var layout: DirectoryLayout
    /// `DIRAUTH_GROUP_NESTING_DEPTH`: how deep nested groups are followed.
    public var groupNestingDepth: Int = 3
    /// `DIRAUTH_TOKEN_LIFETIME`: seconds a crtauth token is valid (at most 598).
    public var tokenLifetime: Int = 60
    /// `DIRAUTH_TOKEN_FORMAT`: `v1` (PROTOCOL.md) or `legacy` (Python crtauth's XDR token).
    public var tokenFormat: TokenFormatSetting = .v1
    /// `DIRAUTH_KEY_SOURCES`: where public keys come from, in order (`ldap`, `files`).
    public var keySources: [KeySource] = [.ldap]
    /// `DIRAUTH_KEY_DIRECTORY`: the folder of `<user>_id_rsa.pub` / `<user>_authorized_keys` files.
    public var keyDirectory: String?
    /// `DIRAUTH_LOG_LEVEL`.
    public var logLevel: String = "info"
    /// `DIRAUTH_OTP_*`: the ungleich-otp API.
    public var otp: OTPSettings = .init()
    /// `DIRAUTH_CACHE_*`: the directory caches and push invalidation.
    public var cache: DirectoryCacheSettings = .init()

    /// Creates a configuration with the required values and defaults for the rest.
    /// - Parameters:
    ///   - secrets: HMAC secrets; the first signs.
    ///   - ldap: How to reach the directory.
    ///   - layout: The directory layout.
    public init(secrets: [[UInt8]], ldap: LDAPSettings, layout: DirectoryLayout) {
        self.secrets = secrets
        self.ldap = ldap
        self.layout = layout
    }

    /// The token formats `dirauthd` can issue.
    public enum TokenFormatSetting: String, Sendable, CaseIterable {
        /// The msgpack token of PROTOCOL.md (HMAC-SHA256).
        case v1
        /// Python crtauth's XDR token (HMAC-SHA1), for fleets sharing a secret with Python servers.
        case legacy
    }

    /// A source of users' SSH public keys.
    public enum KeySource: String, Sendable, CaseIterable {
        /// `sshPublicKey` values of the user's directory entry.
        case ldap
        /// Files in `DIRAUTH_KEY_DIRECTORY`.
        case files
    }
}

/// How `dirauthd` connects to its directory servers.
public struct LDAPSettings: Sendable, Hashable {
    /// `DIRAUTH_LDAP_URI`: the servers, tried in order.
    public var uris: [String]
    /// `DIRAUTH_LDAP_BIND_DN`; `nil` binds anonymously.
    public var bindDN: String?
    /// `DIRAUTH_LDAP_BIND_PASSWORD` or the content of `DIRAUTH_LDAP_BIND_PASSWORD_FILE`.
    public var bindPassword: String?
    /// `DIRAUTH_LDAP_CA_FILE`: the CA certificates that sign the servers' certificates.
    public var caFile: String?
    /// `DIRAUTH_LDAP_STARTTLS`: upgrade `ldap://` connections with StartTLS.
    public var startTLS: Bool = false
    /// `DIRAUTH_LDAP_TLS_VERIFY`: verify server certificates (on by default).
    public var verifyCertificates: Bool = true
    /// `DIRAUTH_LDAP_CONNECT_TIMEOUT`: seconds.
    public var connectTimeout: Duration = .seconds(3)
    /// `DIRAUTH_LDAP_OPERATION_TIMEOUT`: seconds.
    public var operationTimeout: Duration = .seconds(5)
    /// `DIRAUTH_LDAP_POOL_SIZE`: connections kept open.
    public var poolSize: Int = 4
    /// `DIRAUTH_LDAP_DOWN_RETRY`: seconds a failed server is skipped before it is tried again.
    public var downRetryInterval: Duration = .seconds(10)

    /// Creates settings for `uris` with defaults for the rest.
    /// - Parameter uris: The servers, tried in order.
    public init(uris: [String]) {
        self.uris = uris
    }
}
