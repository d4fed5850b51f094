// SPDX-License-Identifier: Apache-2.0

import Directory
import Foundation
import OTP

/// Checks (name, realm, token) triples against the directory, with the brute-force lockout.
///
/// A triple is good when the entry exists, is a member of its realm group, is not locked,
/// and the token matches within the window. Every failure is counted against the entry
/// (in the directory, shared by all instances) or, for unknown names, in memory; caller
/// failures are also counted per source address (in memory, per instance). Successes
/// add no delay; a success clears a non-zero counter.
struct OTPAuthenticator: Sendable {
    /// Which side of a request a triple is on, for events.
    enum Role: String, Sendable {
        /// The service making the request.
        case caller
        /// The triple a caller asks `/verify/` about.
        case target
    }

    let store: any OTPEntryStore
    let settings: OTPSettings
    let tracker: OTPFailureTracker
    let now: @Sendable () -> Date
    let events: any SecurityEventSink

    /// Authenticates a triple, reading its entry from the store.
    /// - Parameters:
    ///   - credential: The triple.
    ///   - role: Caller or target, for events.
    ///   - address: The source address counted for callers (`nil`: not counted).
    ///   - singleUseRealms: Realms whose entries refuse steps at or before their last used
    ///     step, and advance it.
    /// - Returns: The entry.
    /// - Throws: ``DirAuthCoreError`` (`invalidCredentials`, `lockedOut`) or `DirectoryError`.
    func authenticate(
        _ credential: OTPCredential, role: Role, address: String?, singleUseRealms: Set<CanonicalName> = []
    ) async throws -> OTPEntry {
        try await authenticate(credential, role: role, address: address, singleUseRealms: singleUseRealms) {
            try await store.entry(name: credential.name, realm: credential.realm)
        }
    }

    /// Authenticates a triple with an entry read beforehand (e.g. by a batch read): the same
    /// checks, counting and events as ``authenticate(_:role:address:singleUseRealms:)``, which
    /// reads the entry at the point where `entry` is called.
    /// - Parameters:
    ///   - credential: The triple.
    ///   - role: Caller or target, for events.
    ///   - address: The source address counted for callers (`nil`: not counted).
    ///   - singleUseRealms: Realms whose entries refuse steps at or before their last used
    ///     step, and advance it. An entry is single-use when the realm asked for or the
    ///     directory's spelling of its realm is one of them, by ``CanonicalName``: no spelling
    ///     the directory matches alike escapes single use.
    ///   - read: Gives the entry named by `credential` (or `nil`), or throws the read's error;
    ///     called once, after the source address check.
    /// - Returns: The entry.
    /// - Throws: ``DirAuthCoreError`` (`invalidCredentials`, `lockedOut`) or `DirectoryError`.
    func authenticate(
        _ credential: OTPCredential, role: Role, address: String?, singleUseRealms: Set<CanonicalName> = [],
        entry read: () async throws -> OTPEntry?
    ) async throws -> OTPEntry {
        let time = now()
        let policy = settings.lockout
        let addressKey = address.map(OTPFailureTracker.addressKey)
        if let addressKey, tracker.state(addressKey).isLocked(at: time, policy: policy) {
            refused(credential, role: role, address: address, reason: "source address locked")
            throw DirAuthCoreError.lockedOut(retryAfter: tracker.state(addressKey).retryAfter(at: time))
        }
        guard let entry = try await read() else {
            let nameKey = OTPFailureTracker.nameKey(name: credential.name, realm: credential.realm)
            let state = tracker.state(nameKey)
            if state.isLocked(at: time, policy: policy) {
                throw DirAuthCoreError.lockedOut(retryAfter: state.retryAfter(at: time))
            }
            tracker.recordFailure(nameKey, at: time, policy: policy)
            if let addressKey { tracker.recordFailure(addressKey, at: time, policy: policy) }
            refused(credential, role: role, address: address, reason: "bad credentials")
            throw DirAuthCoreError.invalidCredentials("unknown entry")
        }
        if entry.lockout.isLocked(at: time, policy: policy) {
            refused(credential, role: role, address: address, reason: "locked")
            throw DirAuthCoreError.lockedOut(retryAfter: entry.lockout.retryAfter(at: time))
        }
        let singleUse = !singleUseRealms.isEmpty
            && (singleUseRealms.contains(CanonicalName(credential.realm)) || singleUseRealms.contains(CanonicalName(entry.realm)))
        let verifier = TOTPVerifier(window: settings.window)
        let step = entry.isValidForRealm
            ? verifier.verify(
                code: credential.token(at: time), secret: entry.secret, parameters: entry.parameters, at: time,
                lastUsedStep: singleUse ? entry.lastUsedStep : nil
            ) : nil
        guard let step else {
            if policy.isEnabled {
                _ = try await store.recordFailure(of: entry, at: time, policy: policy)
                if let addressKey { tracker.recordFailure(addressKey, at: time, policy: policy) }
            }
            // The same words for a wrong token and a disabled entry would hide a directory
            // problem from the people who run it; the answer to the client is the same.
            let reason = entry.isValidForRealm ? "bad credentials" : "not a member of its realm group"
            refused(credential, role: role, address: address, reason: reason)
            throw DirAuthCoreError.invalidCredentials(reason)
        }
        if singleUse {
            guard try await store.advanceLastUsedStep(of: entry, to: step) else {
                refused(credential, role: role, address: address, reason: "token already used")
                throw DirAuthCoreError.invalidCredentials("token already used")
            }
        }
        if !entry.lockout.isClear(at: time) {
            try await store.clearFailures(of: entry)
        }
        // Accepted checks come with every request of every protected service: the event is
        // not even built unless a sink wants it.
        if events.wants(.otpAccepted) {
            events.record(SecurityEvent(.otpAccepted, subject: credential.subject, sourceAddress: address, details: ["role": role.rawValue]))
        }
        return entry
    }

    private func refused(_ credential: OTPCredential, role: Role, address: String?, reason: String) {
        events.record(SecurityEvent(.otpRefused, subject: credential.subject, reason: reason, sourceAddress: address, details: ["role": role.rawValue]))
    }
}

// Events name an OTP principal by its canonical `name@realm` (``OTPEntryKey/subject``), whatever
// the request or the directory spelled: one principal is one subject in the audit trail, known
// or unknown (an unknown name has no directory spelling to show).
extension OTPCredential {
    /// `name@realm` in canonical form, as events name an OTP entry.
    var subject: String { OTPEntryKey(name: name, realm: realm).subject }
}

extension OTPEntry {
    /// `name@realm` in canonical form, as events name an OTP entry.
    var subject: String { OTPEntryKey(name: name, realm: realm).subject }
}
