// SPDX-License-Identifier: Apache-2.0

public import Logging

/// Writes each ``SecurityEvent`` as one log line: routine events (issued challenges, accepted
/// OTP checks, verified tokens) at debug level, refusals and changes at info.
///
/// User-supplied text (names, realms, usernames) is bounded to 130 characters; the log handler
/// escapes it (dirauthd's writes logfmt). Secrets never reach an event in the first place.
/// Refusals of unauthenticated requests (failed logins, refused OTP triples, rejected tokens) are
/// sampled: at most `refusalBurst` lines at once and `refusalsPerSecond` on average, and the next
/// line written says how many were held back (`suppressed=N`).
public struct LoggingSecurityEventSink: SecurityEventSink {
    let logger: Logger
    private let refusals: LogSampler<ContinuousClock>

    /// Creates a sink.
    /// - Parameters:
    ///   - logger: Where lines go.
    ///   - refusalBurst: Refusal lines allowed at once (default 100).
    ///   - refusalsPerSecond: Refusal lines allowed per second over time (default 20).
    public init(logger: Logger, refusalBurst: Int = 100, refusalsPerSecond: Double = 20) {
        self.logger = logger
        self.refusals = LogSampler(burst: refusalBurst, perSecond: refusalsPerSecond, clock: ContinuousClock())
    }

    /// Whether a line of this kind would be written at the logger's level.
    /// - Parameter kind: The kind of event.
    public func wants(_ kind: SecurityEvent.Kind) -> Bool {
        logger.logLevel <= Self.level(of: kind)
    }

    /// Writes one line.
    /// - Parameter event: What happened.
    public func record(_ event: SecurityEvent) {
        let level = Self.level(of: event.kind)
        guard logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = ["event": "\(event.kind.rawValue)", Self.subjectKey(event.kind): "\(Self.bounded(event.subject))"]
        if Self.isUnauthenticatedRefusal(event.kind) {
            guard let suppressed = refusals.admit() else { return }
            if suppressed > 0 { metadata["suppressed"] = "\(suppressed)" }
        }
        if let actor = event.actor { metadata["by"] = "\(Self.bounded(actor))" }
        if let reason = event.reason { metadata["reason"] = "\(reason)" }
        if let address = event.sourceAddress { metadata["address"] = "\(address)" }
        for (key, value) in event.details { metadata[key] = "\(Self.bounded(value))" }
        logger.log(level: level, "\(Self.message(of: event.kind))", metadata: metadata)
    }

    static func level(of kind: SecurityEvent.Kind) -> Logger.Level {
        switch kind {
        case .challengeIssued, .otpAccepted, .tokenVerified: .debug
        default: .info
        }
    }

    /// Refusals an outsider can cause without any credential: sampled in the log.
    static func isUnauthenticatedRefusal(_ kind: SecurityEvent.Kind) -> Bool {
        kind == .loginRefused || kind == .otpRefused || kind == .tokenRejected
    }

    static func message(of kind: SecurityEvent.Kind) -> String {
        switch kind {
        case .challengeIssued: "challenge issued"
        case .loginSucceeded, .loginRefused: "login"
        case .tokenRejected: "token rejected"
        case .tokenVerified: "token verified"
        case .otpAccepted, .otpRefused: "OTP authentication"
        case .permissionDenied: "OTP request refused"
        case .otpEntryCreated: "OTP entry created"
        case .otpEntryUpdated: "OTP entry updated"
        case .otpEntryDeleted: "OTP entry deleted"
        case .otpSeedRotated: "OTP seed rotated"
        }
    }

    static func subjectKey(_ kind: SecurityEvent.Kind) -> String {
        switch kind {
        case .challengeIssued, .loginSucceeded, .loginRefused, .tokenRejected, .tokenVerified: "user"
        default: "entry"
        }
    }

    /// User-supplied text as logged: at most 130 characters (names over 128 are refused anyway).
    static func bounded(_ text: String) -> String {
        text.count > 130 ? String(text.prefix(128)) + "…" : text
    }
}
