// SPDX-License-Identifier: Apache-2.0

// TLS settings for ldaps:// and StartTLS.

/// TLS settings applied to every connection's own TLS context.
///
/// `ldaps://` URIs always use TLS; for `ldap://` URIs, ``startTLS`` upgrades the
/// connection with the StartTLS extended operation (RFC 4511 §4.14) before binding.
/// The options are set on each handle and followed by `LDAP_OPT_X_TLS_NEWCTX`, so
/// no process-global libldap TLS state is read or changed.
public struct LDAPTLSConfiguration: Sendable, Hashable {
    /// PEM file with the CA certificates that may sign the server's certificate;
    /// `nil` uses the system's default trust store.
    public var caFile: String?
    /// Whether `ldap://` connections must be upgraded with StartTLS (failure is an error).
    public var startTLS: Bool
    /// Whether the server certificate and host name are verified
    /// (`LDAP_OPT_X_TLS_REQUIRE_CERT` = `DEMAND`). Leave on outside of tests.
    public var verifyCertificate: Bool

    /// Creates TLS settings.
    /// - Parameters:
    ///   - caFile: PEM CA bundle; `nil` for the system default.
    ///   - startTLS: Upgrade `ldap://` connections with StartTLS.
    ///   - verifyCertificate: Verify the server certificate (default `true`).
    public init(caFile: String? = nil, startTLS: Bool = false, verifyCertificate: Bool = true) {
        self.caFile = caFile
        self.startTLS = startTLS
        self.verifyCertificate = verifyCertificate
    }
}
