// SPDX-License-Identifier: Apache-2.0

/// Where dirauth finds things in the directory: the bases of the sample layout
/// (see `ldif/README.md`) and the attributes it reads.
///
/// ```
/// dc=example,dc=org
///   ou=people        uid=<user>              inetOrgPerson + ldapPublicKey (sshPublicKey)
///   ou=groups        cn=<group>              groupOfNames, members are people
///   ou=otp           cn=<name>+ou=<realm>    applicationProcess + oathTOTPToken
///   ou=realms        cn=<realm>              groupOfNames, members are OTP entries (and people)
///   ou=capabilities  cn=create|delete|list|update|verify   groupOfNames, members are realm groups
///   ou=services      cn=dirauthd, cn=replicator, cn=placeholder
/// ```
public struct DirectoryLayout: Sendable, Hashable {
    /// The directory's suffix, e.g. `dc=example,dc=org`.
    public var baseDN: String
    /// People (`uid=<user>` entries with `sshPublicKey`).
    public var peopleBase: String
    /// Groups of people.
    public var groupBase: String
    /// OTP entries `cn=<name>+ou=<realm>`.
    public var otpBase: String
    /// Realm groups `cn=<realm>`.
    public var realmBase: String
    /// Capability groups `cn=<capability>`.
    public var capabilityBase: String
    /// Service accounts, including the placeholder member of otherwise empty groups.
    public var serviceBase: String
    /// The attribute naming a person (`uid`).
    public var userAttribute: String = "uid"
    /// The attribute holding OpenSSH public-key lines (`sshPublicKey`, openssh-lpk).
    public var publicKeyAttribute: String = "sshPublicKey"

    /// The member that keeps an otherwise empty `groupOfNames` valid (it requires one
    /// member); readers ignore it.
    public var placeholderMemberDN: String { "cn=placeholder,\(serviceBase)" }

    /// Creates a layout whose bases default to the sample layout under `baseDN`.
    /// - Parameters:
    ///   - baseDN: The directory suffix.
    ///   - peopleBase: Defaults to `ou=people,<baseDN>`; the others likewise.
    public init(
        baseDN: String,
        peopleBase: String? = nil,
        groupBase: String? = nil,
        otpBase: String? = nil,
        realmBase: String? = nil,
        capabilityBase: String? = nil,
        serviceBase: String? = nil
    ) {
        self.baseDN = baseDN
        self.peopleBase = peopleBase ?? "ou=people,\(baseDN)"
        self.groupBase = groupBase ?? "ou=groups,\(baseDN)"
        self.otpBase = otpBase ?? "ou=otp,\(baseDN)"
        self.realmBase = realmBase ?? "ou=realms,\(baseDN)"
        self.capabilityBase = capabilityBase ?? "ou=capabilities,\(baseDN)"
        self.serviceBase = serviceBase ?? "ou=services,\(baseDN)"
    }
}
