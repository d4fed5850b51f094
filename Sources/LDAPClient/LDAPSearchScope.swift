// SPDX-License-Identifier: Apache-2.0

// Search scopes (RFC 4511 §4.5.1.2).

/// How far below the base a search looks (RFC 4511 §4.5.1.2).
public enum LDAPSearchScope: Sendable, Hashable {
    /// Only the base entry.
    case base
    /// The base entry's immediate children.
    case oneLevel
    /// The base entry and everything below it.
    case subtree
}
