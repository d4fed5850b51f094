// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// Who presented a valid crtauth token.
public struct DirAuthIdentity: Sendable, Hashable {
    /// The authenticated user.
    public var username: String
    /// The user's groups (nested membership resolved). Known only when dirauthd verified the
    /// token (remote mode); empty with local validation.
    public var groups: [String]
    /// The user's realms; as ``groups``, known only in remote mode.
    public var realms: [String]
    /// When the token stops being valid.
    public var expiresAt: Date
    /// Whether ``groups`` and ``realms`` came from dirauthd (`true`) or are unknown (`false`).
    public var hasMemberships: Bool

    /// Creates an identity.
    /// - Parameters:
    ///   - username: The user.
    ///   - groups: Group names.
    ///   - realms: Realm names.
    ///   - expiresAt: The token's expiry.
    ///   - hasMemberships: Whether the memberships are known.
    public init(username: String, groups: [String] = [], realms: [String] = [], expiresAt: Date, hasMemberships: Bool = false) {
        self.username = username
        self.groups = groups
        self.realms = realms
        self.expiresAt = expiresAt
        self.hasMemberships = hasMemberships
    }
}
