// SPDX-License-Identifier: Apache-2.0

/// An OTP entry's (name, realm) as a caller asked for it: the key of a batch read
/// (``OTPEntryStore/entries(for:)``) and of the entry cache.
///
/// Keys are equal, and hash alike, when their names and realms have the same
/// ``CanonicalName``: `demo@services` and `DEMO@Services` are one key, as they are one entry
/// to the directory (`cn` and `ou` match case-insensitively). ``name`` and ``realm`` keep the
/// spelling asked for.
public struct OTPEntryKey: Sendable, Hashable {
    /// The service name, as spelled.
    public let name: String
    /// The realm, as spelled.
    public let realm: String
    /// The name's canonical form.
    public let canonicalName: CanonicalName
    /// The realm's canonical form.
    public let canonicalRealm: CanonicalName

    /// Creates a key.
    /// - Parameters:
    ///   - name: The service name.
    ///   - realm: The realm.
    public init(name: String, realm: String) {
        self.name = name
        self.realm = realm
        canonicalName = CanonicalName(name)
        canonicalRealm = CanonicalName(realm)
    }

    /// Whether two keys name the same entry (canonical name and realm equal).
    public static func == (lhs: OTPEntryKey, rhs: OTPEntryKey) -> Bool {
        lhs.canonicalName == rhs.canonicalName && lhs.canonicalRealm == rhs.canonicalRealm
    }

    /// Hashes the canonical name and realm.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(canonicalName)
        hasher.combine(canonicalRealm)
    }

    /// Whether the key names the entry (`name`, `realm`) in any spelling the directory
    /// matches alike.
    func matches(name other: String, realm otherRealm: String) -> Bool {
        self == OTPEntryKey(name: other, realm: otherRealm)
    }

    /// `name@realm` in canonical form: how events name the entry.
    public var subject: String { canonicalName.value + "@" + canonicalRealm.value }
}
