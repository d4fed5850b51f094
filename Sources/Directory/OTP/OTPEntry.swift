// SPDX-License-Identifier: Apache-2.0

import Foundation
public import OTP

/// One OTP entry (`cn=<name>+ou=<realm>` below the OTP base): a service's TOTP seed.
///
/// `description` never shows the secret (``OTPSecret`` is redacted as well).
public struct OTPEntry: Sendable, Hashable, CustomStringConvertible {
    /// The stable identifier: the entry's `entryUUID` (lower-case, 36 characters).
    public var id: String
    /// The service's name (the `cn` of the RDN).
    public var name: String
    /// The realm (the `ou` of the RDN).
    public var realm: String
    /// The TOTP seed (`oathSecret`, raw bytes).
    public var secret: OTPSecret
    /// Hash, digits and period (from the entry's `oathTOTPParams` entry; pyotp's defaults without one).
    public var parameters: TOTPParameters
    /// The last time step accepted as a single-use token (`oathTOTPLastTimeStep`).
    public var lastUsedStep: Int64?
    /// Whether the entry is a member of its realm group (removing the membership disables it).
    public var isValidForRealm: Bool
    /// The brute-force counter (`dirauthFailureCount` / `dirauthLockedUntil`).
    public var lockout: OTPLockoutState
    /// Where the store keeps the entry (the DN for LDAP); opaque to callers.
    public var reference: String

    /// Creates an entry value.
    /// - Parameters:
    ///   - id: The `entryUUID`.
    ///   - name: The name.
    ///   - realm: The realm.
    ///   - secret: The seed.
    ///   - parameters: The TOTP settings.
    ///   - lastUsedStep: The last accepted single-use step.
    ///   - isValidForRealm: Realm group membership.
    ///   - lockout: The failure counter.
    ///   - reference: The store's locator (DN).
    public init(
        id: String,
        name: String,
        realm: String,
        secret: OTPSecret,
        parameters: TOTPParameters = .init(),
        lastUsedStep: Int64? = nil,
        isValidForRealm: Bool = true,
        lockout: OTPLockoutState = .init(),
        reference: String
    ) {
        self.id = id
        self.name = name
        self.realm = realm
        self.secret = secret
        self.parameters = parameters
        self.lastUsedStep = lastUsedStep
        self.isValidForRealm = isValidForRealm
        self.lockout = lockout
        self.reference = reference
    }

    /// `OTPEntry(<id> <name>@<realm>)`, without the secret.
    public var description: String { "OTPEntry(\(id) \(name)@\(realm))" }
}
