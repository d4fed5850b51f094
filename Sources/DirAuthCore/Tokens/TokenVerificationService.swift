// SPDX-License-Identifier: Apache-2.0

import CRTAuth
public import Directory
public import Foundation
public import OTP

/// A service asks whether a crtauth token a user presented to it is good, and who the user is:
/// the service proves itself with an OTP triple of a realm holding the verify capability.
public struct TokenVerificationService: Sendable {
    let login: LoginService
    let otp: OTPService
    let memberships: any MembershipDirectory
    let events: any SecurityEventSink

    /// Creates the service.
    /// - Parameters:
    ///   - login: Validates tokens and re-checks their users' keys.
    ///   - otp: Authenticates the asking service.
    ///   - memberships: The user's groups and realms.
    ///   - events: Receives what happened.
    public init(login: LoginService, otp: OTPService, memberships: any MembershipDirectory, events: any SecurityEventSink) {
        self.login = login
        self.otp = otp
        self.memberships = memberships
        self.events = events
    }

    /// Checks `token` for `caller`.
    /// - Parameters:
    ///   - token: The `token` field of the request.
    ///   - caller: The asking service's triple.
    ///   - address: The request's source address.
    /// - Returns: The token's user with their memberships.
    /// - Throws: ``DirAuthCoreError`` (`invalidCredentials`, `lockedOut`, `permissionDenied` for the
    ///   caller; `invalidFields` for the token field; `tokenRejected`) or `DirectoryError`.
    public func verify(token: FieldInput, caller: OTPCredential?, address: String?) async throws -> VerifiedToken {
        let service = try await otp.authorize(caller, for: .verify, address: address)
        guard let text = token.text, !text.isEmpty else {
            throw DirAuthCoreError.invalidFields([FieldError(token.field, token.value == .absent ? .missing : .blank)])
        }
        let validated = try await login.validate(token: text, by: service.subject, address: address)
        guard let found = try await memberships.memberships(ofUser: validated.username) else {
            events.record(SecurityEvent(.tokenRejected, subject: validated.username, actor: service.subject, reason: "user not in the directory", sourceAddress: address))
            throw DirAuthCoreError.tokenRejected("user not in the directory")
        }
        if events.wants(.tokenVerified) {
            events.record(SecurityEvent(.tokenVerified, subject: validated.username, actor: service.subject, sourceAddress: address))
        }
        return VerifiedToken(username: validated.username, expiresAt: validated.validTo, memberships: found)
    }
}

/// A crtauth token's user as a verifying service learns it: who, until when, and in which
/// groups and realms (the directory's `Memberships`).
public struct VerifiedToken: Sendable, Hashable {
    /// The user.
    public var username: String
    /// When the token stops being valid.
    public var expiresAt: Date
    /// The user's groups (nesting resolved) and realms.
    public var memberships: Memberships

    /// Creates a verified token.
    /// - Parameters:
    ///   - username: The user.
    ///   - expiresAt: The expiry.
    ///   - memberships: The user's groups and realms.
    public init(username: String, expiresAt: Date, memberships: Memberships) {
        self.username = username
        self.expiresAt = expiresAt
        self.memberships = memberships
    }
}
