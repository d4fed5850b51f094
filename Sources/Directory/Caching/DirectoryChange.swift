// SPDX-License-Identifier: Apache-2.0

import LDAPClient

/// What a changed directory entry means for the caches, decided from its DN alone.
///
/// The content-synchronisation consumer reports entries by DN; ``classify(_:layout:)``
/// maps a DN to the part of the layout it belongs to.
public enum DirectoryChange: Sendable, Hashable {
    /// A person below the people base; `username` is the RDN's value when the RDN is the
    /// user attribute (`uid=alice`), `nil` when the RDN is something else.
    case person(username: String?)
    /// A group below the group base (or the base itself).
    case group
    /// A realm group below the realm base (`cn=<realm>`), or `nil` for the base itself.
    case realm(name: String?)
    /// A capability group below the capability base (or the base itself).
    case capability
    /// An OTP entry `cn=<name>+ou=<realm>` below the OTP base.
    case otpEntry(name: String, realm: String)
    /// Anything else below the OTP base (the TOTP parameters entry, the base itself).
    case otpOther
    /// An entry dirauthd does not read.
    case unrelated

    /// Classifies a DN against the layout (case-insensitive, RFC 4514 escapes undone).
    /// - Parameters:
    ///   - dn: The changed entry's DN.
    ///   - layout: Where dirauthd reads.
    /// - Returns: The kind of change.
    public static func classify(_ dn: String, layout: DirectoryLayout) -> DirectoryChange {
        func within(_ base: String) -> Bool {
            LDAPDistinguishedName.same(dn, base) || LDAPDistinguishedName.dn(dn, isBelow: base)
        }
        if within(layout.otpBase) {
            if LDAPDistinguishedName.dn(dn, isChildOf: layout.otpBase), let key = OTPEntryKey(entryDN: dn) {
                return .otpEntry(name: key.name, realm: key.realm)
            }
            return .otpOther
        }
        if within(layout.peopleBase) {
            if LDAPDistinguishedName.dn(dn, isChildOf: layout.peopleBase), let rdn = LDAPRelativeDistinguishedName(dn: dn),
                let name = rdn.value(layout.userAttribute)
            {
                return .person(username: name)
            }
            return .person(username: nil)
        }
        if within(layout.realmBase) {
            if LDAPDistinguishedName.dn(dn, isChildOf: layout.realmBase) {
                return .realm(name: LDAPDistinguishedName.firstValue(of: dn))
            }
            return .realm(name: nil)
        }
        if within(layout.groupBase) { return .group }
        if within(layout.capabilityBase) { return .capability }
        return .unrelated
    }
}
