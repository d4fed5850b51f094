// SPDX-License-Identifier: Apache-2.0

import Directory

extension DirectoryLayout {
    /// Reads where things live: `DIRAUTH_LDAP_BASE_DN` and the optional `DIRAUTH_LDAP_*_BASE`s.
    /// - Parameter settings: The `LDAP` scope.
    /// - Throws: ``ConfigurationError`` when the base DN is missing.
    init(_ settings: SettingsReader) throws {
        self.init(
            baseDN: try settings.required("BASE_DN", hint: "the directory suffix, e.g. dc=example,dc=org"),
            peopleBase: settings.optional("PEOPLE_BASE"),
            groupBase: settings.optional("GROUP_BASE"),
            otpBase: settings.optional("OTP_BASE"),
            realmBase: settings.optional("REALM_BASE"),
            capabilityBase: settings.optional("CAPABILITY_BASE"),
            serviceBase: settings.optional("SERVICE_BASE")
        )
    }
}
