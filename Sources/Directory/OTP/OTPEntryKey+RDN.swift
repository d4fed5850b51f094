// SPDX-License-Identifier: Apache-2.0

// What an OTP entry's RDN means: `cn=<name>+ou=<realm>` (the syntax is LDAPClient's).
import LDAPClient

extension OTPEntryKey {
    /// The name and realm an OTP entry's DN carries in its first RDN, `cn=<name>+ou=<realm>`
    /// (RFC 4514 escapes undone); `nil` when the RDN is malformed or lacks `cn` or `ou`.
    /// - Parameter dn: The entry's DN.
    init?(entryDN dn: String) {
        guard let rdn = LDAPRelativeDistinguishedName(dn: dn), let name = rdn.value("cn"), let realm = rdn.value("ou") else {
            return nil
        }
        self.init(name: name, realm: realm)
    }

    /// The RDN of the OTP entry for this name and realm, `cn=<name>+ou=<realm>`, values escaped.
    var rdn: String {
        LDAPDistinguishedName.rdn([(attribute: "cn", value: name), (attribute: "ou", value: realm)])
    }
}
