// SPDX-License-Identifier: Apache-2.0

import LDAPClient

extension DirectoryLayout {
    /// Whether `entry` names exactly `username` (LDAP matched it case-insensitively).
    func isExactUser(_ entry: LDAPEntry, _ username: String) -> Bool {
        entry.strings(userAttribute).contains(username)
    }
}
