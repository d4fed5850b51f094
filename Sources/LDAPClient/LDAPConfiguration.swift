// SPDX-License-Identifier: Apache-2.0

// Everything an LDAPConnectionPool needs to know to reach and use its directory servers.

/// Settings of an ``LDAPConnectionPool``.
public struct LDAPConfiguration: Sendable {
    /// Server URIs (`ldap://`, `ldaps://`, `ldapi://`), tried in order.
    public var uris: [String]
    /// How every pooled connection binds.
    public var bind: LDAPBind
    /// TLS settings (`ldaps://` is chosen by the URI scheme).
    public var tls: LDAPTLSConfiguration
    /// How long establishing a TCP connection may take (`LDAP_OPT_NETWORK_TIMEOUT`).
    public var connectTimeout: Duration
    /// How long each operation (and each bind, StartTLS or result page) may wait for its answer.
    public var operationTimeout: Duration
    /// The most connections the client keeps open at once (at least 1).
    public var poolSize: Int
    /// How long a server that failed is skipped before it is tried again.
    public var downRetryInterval: Duration

    /// Creates a configuration.
    /// - Parameters:
    ///   - uris: Server URIs, tried in order.
    ///   - bind: The identity connections bind as (default anonymous).
    ///   - tls: TLS settings (default: verification on, no StartTLS).
    ///   - connectTimeout: TCP connect timeout (default 3 s).
    ///   - operationTimeout: Per-operation timeout (default 5 s).
    ///   - poolSize: Maximum open connections (default 4).
    ///   - downRetryInterval: How long a failed server is skipped (default 10 s).
    public init(
        uris: [String],
        bind: LDAPBind = .anonymous,
        tls: LDAPTLSConfiguration = LDAPTLSConfiguration(),
        connectTimeout: Duration = .seconds(3),
        operationTimeout: Duration = .seconds(5),
        poolSize: Int = 4,
        downRetryInterval: Duration = .seconds(10)
    ) {
        self.uris = uris
        self.bind = bind
        self.tls = tls
        self.connectTimeout = connectTimeout
        self.operationTimeout = operationTimeout
        self.poolSize = poolSize
        self.downRetryInterval = downRetryInterval
    }
}
