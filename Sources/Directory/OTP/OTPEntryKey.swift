// SPDX-License-Identifier: Apache-2.0

/// An OTP entry's (name, realm) as a caller asked for it: the key of a batch read
/// (``OTPEntryStore/entries(for:)``) and of the entry cache.
public struct OTPEntryKey: Sendable, Hashable {
    /// The service name.
    public var name: String
    /// The realm.
    public var realm: String

    /// Creates a key.
    /// - Parameters:
    ///   - name: The service name.
    ///   - realm: The realm.
    public init(name: String, realm: String) {
        self.name = name
        self.realm = realm
    }

    /// Whether the key names the entry (`name`, `realm`) in any letter case (LDAP matches
    /// `cn` and `ou` case-insensitively).
    func matches(name other: String, realm otherRealm: String) -> Bool {
        name.lowercased() == other.lowercased() && realm.lowercased() == otherRealm.lowercased()
    }
}
