// SPDX-License-Identifier: Apache-2.0

/// What a person or OTP entry belongs to: groups of people, realms and, through
/// realms, capabilities.
public protocol MembershipDirectory: Sendable {
    /// The memberships of the user `username`, nested groups resolved; `nil` for an unknown user.
    /// - Throws: ``DirectoryError`` when the directory cannot answer.
    func memberships(ofUser username: String) async throws -> Memberships?

    /// The capabilities the realm group `realm` is granted; empty for an unknown realm.
    /// - Throws: ``DirectoryError`` when the directory cannot answer.
    func capabilities(ofRealm realm: String) async throws -> Set<Capability>
}

/// The groups and realms an entry belongs to, by name (`cn`).
public struct Memberships: Sendable, Hashable, Codable {
    /// Groups under the group base (e.g. `developers`).
    public var groups: [String]
    /// Realm groups under the realm base (e.g. `ungleich-admin`).
    public var realms: [String]

    /// Creates a membership list; names are sorted for stable answers.
    public init(groups: [String], realms: [String]) {
        self.groups = groups.sorted()
        self.realms = realms.sorted()
    }
}

/// What a realm may do (ungleich-otp's capability table, held as LDAP groups under
/// `ou=capabilities`). Every valid entry may authenticate; that needs no capability.
public enum Capability: String, Sendable, Hashable, CaseIterable, Codable {
    /// Create OTP entries.
    case create
    /// Delete OTP entries.
    case delete
    /// List OTP entries.
    case list
    /// Change OTP entries (name, realm, seed rotation).
    case update
    /// Verify other entries' tokens (`/ungleichotp/verify/`, `/v1/verify`).
    case verify
}
