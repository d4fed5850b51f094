import Directory
import Foundation
import Logging
import OTP

/// Checks (name, realm, token) triples against the directory, with the brute-force lockout.
///
/// A triple is good when the entry exists, is a member of its realm group, is not locked,
/// and the token matches within the window. Every failure is counted against the entry
/// (in the directory, shared by all instances) or, for unknown names, in memory; caller
/// failures are also counted per source address (in memory, per instance). Successes
/// add no delay; a success clears a non-zero counter.
struct OTPAuthenticator: Sendable {
    let store: any OTPEntryStore
    let settings: OTPSettings
    let tracker: OTPFailureTracker
    let now: @Sendable () -> Date
    let logger: Logger

    /// Why a triple was refused.
    enum Failure: Error {
        /// Wrong, unknown, disabled or replayed.
        case invalid
        /// Too many failures; retry after this many seconds.
        case locked(retryAfter: Int)
    }

    /// Authenticates a triple.
    /// - Parameters:
    ///   - credentials: The triple.
    ///   - role: `caller` or `target`, for the log.
    ///   - address: The source address counted for callers (`nil`: not counted).
    ///   - singleUse: Refuse steps at or before the entry's last used step, and advance it.
    /// - Returns: The entry.
    /// - Throws: ``Failure`` or ``DirectoryError``.
    func authenticate(_ credentials: OTPCredentials, role: String, address: String?, singleUse: Bool = false) async throws -> OTPEntry {
        try await authenticate(credentials, role: role, address: address, singleUse: singleUse) {
            try await store.entry(name: credentials.name, realm: credentials.realm)
        }
    }

    /// Authenticates a triple with an entry read beforehand (e.g. by a batch read): the same
    /// checks, counting and log lines as ``authenticate(_:role:address:singleUse:)``, which
    /// reads the entry at the point where `entry` is called.
    /// - Parameters:
    ///   - credentials: The triple.
    ///   - role: `caller` or `target`, for the log.
    ///   - address: The source address counted for callers (`nil`: not counted).
    ///   - singleUse: Refuse steps at or before the entry's last used step, and advance it.
    ///   - entry: Gives the entry named by `credentials` (or `nil`), or throws the read's error;
    ///     called once, after the source address check.
    /// - Returns: The entry.
    /// - Throws: ``Failure`` or ``DirectoryError``.
    func authenticate(
        _ credentials: OTPCredentials, role: String, address: String?, singleUse: Bool = false,
        entry read: () async throws -> OTPEntry?
    ) async throws -> OTPEntry {
        let time = now()
        let policy = settings.lockout
        let addressKey = address.map(OTPFailureTracker.addressKey)
        if let addressKey, tracker.state(addressKey).isLocked(at: time, policy: policy) {
            logger.notice("OTP attempt refused: source address locked", metadata: ["role": "\(role)", "address": "\(address ?? "")"])
            throw Failure.locked(retryAfter: tracker.state(addressKey).retryAfter(at: time))
        }
        guard let entry = try await read() else {
            let nameKey = OTPFailureTracker.nameKey(name: credentials.name, realm: credentials.realm)
            let state = tracker.state(nameKey)
            if state.isLocked(at: time, policy: policy) {
                throw Failure.locked(retryAfter: state.retryAfter(at: time))
            }
            tracker.recordFailure(nameKey, at: time, policy: policy)
            if let addressKey { tracker.recordFailure(addressKey, at: time, policy: policy) }
            log(credentials, role: role, outcome: "refused", reason: "bad credentials")
            throw Failure.invalid
        }
        if entry.lockout.isLocked(at: time, policy: policy) {
            log(credentials, role: role, outcome: "refused", reason: "locked")
            throw Failure.locked(retryAfter: entry.lockout.retryAfter(at: time))
        }
        let verifier = TOTPVerifier(window: settings.window)
        let step = entry.isValidForRealm
            ? verifier.verify(
                code: credentials.token, secret: entry.secret, parameters: entry.parameters, at: time,
                lastUsedStep: singleUse ? entry.lastUsedStep : nil
            ) : nil
        guard let step else {
            if policy.isEnabled {
                _ = try await store.recordFailure(of: entry, at: time, policy: policy)
                if let addressKey { tracker.recordFailure(addressKey, at: time, policy: policy) }
            }
            // The same words for a wrong token and a disabled entry: the log is for people
            // who may read the directory anyway, the answer is the same 403.
            log(credentials, role: role, outcome: "refused", reason: entry.isValidForRealm ? "bad credentials" : "not a member of its realm group")
            throw Failure.invalid
        }
        if singleUse {
            guard try await store.advanceLastUsedStep(of: entry, to: step) else {
                log(credentials, role: role, outcome: "refused", reason: "token already used")
                throw Failure.invalid
            }
        }
        if !entry.lockout.isClear(at: time) {
            try await store.clearFailures(of: entry)
        }
        log(credentials, role: role, outcome: "accepted", reason: nil)
        return entry
    }

    /// One line per outcome: name and realm, never the token.
    private func log(_ credentials: OTPCredentials, role: String, outcome: String, reason: String?) {
        // Refusals are rare and worth reading; acceptances come with every request of every
        // protected service, so they are debug lines (at info they cost more than the check),
        // and their metadata is not even built unless debug lines are wanted.
        let level: Logger.Level = reason == nil ? .debug : .info
        guard logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = [
            "role": "\(role)", "name": "\(Self.bounded(credentials.name))", "realm": "\(Self.bounded(credentials.realm))", "outcome": "\(outcome)",
        ]
        if let reason { metadata["reason"] = "\(reason)" }
        logger.log(level: level, "OTP authentication", metadata: metadata)
    }

    /// A name as logged: at most 130 characters (names over 128 are refused anyway).
    static func bounded(_ text: String) -> String {
        text.count > 130 ? String(text.prefix(128)) + "…" : text
    }
}
