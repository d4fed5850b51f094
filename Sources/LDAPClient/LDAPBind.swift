// SPDX-License-Identifier: Apache-2.0

// How each pooled connection authenticates after it connects.

/// The identity every pooled connection binds as.
public enum LDAPBind: Sendable, Hashable {
    /// No bind: the connection stays anonymous.
    case anonymous
    /// A simple bind (RFC 4513 §5.1.3) with a DN and password.
    case simple(dn: String, password: String)
    /// A SASL EXTERNAL bind (RFC 4422 Appendix A), typically over `ldapi://`, where
    /// slapd maps the peer's uid/gid to `gidNumber=…+uidNumber=…,cn=peercred,cn=external,cn=auth`,
    /// or over TLS with a client certificate.
    case saslExternal
}

extension LDAPBind: CustomStringConvertible {
    /// A description that never contains the password.
    public var description: String {
        switch self {
        case .anonymous: "anonymous"
        case .simple(let dn, _): "simple(\(dn))"
        case .saslExternal: "SASL EXTERNAL"
        }
    }
}
