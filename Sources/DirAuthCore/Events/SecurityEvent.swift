// SPDX-License-Identifier: Apache-2.0

/// Something security-relevant that happened in an application service: a login, an OTP
/// check, a refused capability, a change of an OTP entry, a token check.
///
/// Services report every such event to one ``SecurityEventSink``; the logger is today's only
/// sink, and an audit stream or metrics can be added beside it without touching a service.
/// Events never carry a token, code, seed, password or signature: only who, what and why.
public struct SecurityEvent: Sendable, Hashable {
    /// What happened.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A crtauth challenge was issued (also for unknown users: the answer looks the same).
        case challengeIssued = "login.challenge"
        /// A signed response was redeemed for a token.
        case loginSucceeded = "login.success"
        /// A signed response was refused.
        case loginRefused = "login.failure"
        /// A crtauth token presented to a protected route or for `/v1/verify` was refused.
        case tokenRejected = "token.rejected"
        /// A service checked a user's crtauth token through `/v1/verify`.
        case tokenVerified = "token.verified"
        /// An OTP triple (caller or verify target) was accepted.
        case otpAccepted = "otp.accepted"
        /// An OTP triple was refused (bad, unknown, disabled, replayed, or locked).
        case otpRefused = "otp.refused"
        /// An authenticated caller lacked a capability.
        case permissionDenied = "otp.permission_denied"
        /// An OTP entry was created.
        case otpEntryCreated = "otp.entry.created"
        /// An OTP entry was renamed.
        case otpEntryUpdated = "otp.entry.updated"
        /// An OTP entry was deleted.
        case otpEntryDeleted = "otp.entry.deleted"
        /// An OTP entry's seed was replaced.
        case otpSeedRotated = "otp.entry.rotated"
    }

    /// What happened.
    public var kind: Kind
    /// Whom it concerns: a username, or an OTP entry as `name@realm`.
    public var subject: String
    /// Who acted, when that is someone else than the subject (the OTP caller of a write or verify).
    public var actor: String?
    /// Why, for refusals: a fixed phrase, never user input.
    public var reason: String?
    /// The source address of the request, when known.
    public var sourceAddress: String?
    /// A few more bounded facts (`role`, `version`, `key`, `capability`).
    public var details: [String: String]

    /// Creates an event.
    /// - Parameters:
    ///   - kind: What happened.
    ///   - subject: Whom it concerns.
    ///   - actor: Who acted, if not the subject.
    ///   - reason: Why, for refusals.
    ///   - sourceAddress: The request's source address.
    ///   - details: More facts.
    public init(
        _ kind: Kind, subject: String, actor: String? = nil, reason: String? = nil, sourceAddress: String? = nil,
        details: [String: String] = [:]
    ) {
        self.kind = kind
        self.subject = subject
        self.actor = actor
        self.reason = reason
        self.sourceAddress = sourceAddress
        self.details = details
    }

    /// Whether the event is routine (issued challenges, accepted OTP checks): these come with
    /// every request of every protected service and are logged at debug level only.
    public var isRoutine: Bool {
        kind == .challengeIssued || kind == .otpAccepted || kind == .tokenVerified
    }
}
