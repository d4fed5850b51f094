// SPDX-License-Identifier: Apache-2.0

public import Logging

/// Writes each ``SecurityEvent`` as one log line: routine events (issued challenges, accepted
/// OTP checks, verified tokens) at debug level, refusals and changes at info.
///
/// User-supplied text (names, realms, usernames) is bounded to 130 characters and escaped by
/// the log handler's metadata rendering; secrets never reach an event in the first place.
public struct LoggingSecurityEventSink: SecurityEventSink {
    let logger: Logger

    /// Creates a sink.
    /// - Parameter logger: Where lines go.
    public init(logger: Logger) {
        self.logger = logger
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
