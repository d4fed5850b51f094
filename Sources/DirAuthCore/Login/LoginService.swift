// SPDX-License-Identifier: Apache-2.0

public import CRTAuth
public import Directory
public import Foundation
import SSHKeys

/// crtauth login as dirauthd runs it: the pure ``CRTAuthServer`` plus the key
/// directory, the clock, the random source and the single-use guard.
///
/// Both HTTP faces (`/_auth` with `X-CHAP`, and the JSON `/v1/…` API) go through it,
/// so they cannot drift apart. Login errors are `CRTAuthError` (the client's fault or a
/// failed authentication) or `DirectoryError` (ours); token checks throw
/// ``DirAuthCoreError/Code/tokenRejected``. The edge maps them.
///
/// A user is named by the exact stored `uid` (the key directories know no other spelling,
/// see ``CanonicalName``): `ALICE` is an unknown user beside `alice`, gets a fake challenge and
/// never a token. Single use keys on the challenge itself (the replay guard remembers its
/// HMAC-authenticated bytes, username included), so no spelling redeems one twice.
public struct LoginService: Sendable {
    /// The protocol core.
    public let crtauth: CRTAuthServer
    let keys: any PublicKeyDirectory
    let replayGuard: CRTReplayGuard
    let now: @Sendable () -> Date
    let random: RandomSource
    let events: any SecurityEventSink

    /// Creates the service.
    /// - Parameters:
    ///   - crtauth: The configured protocol core.
    ///   - keys: Where users' public keys come from.
    ///   - replayGuard: Remembers redeemed challenges until they expire.
    ///   - now: The clock (injected for tests).
    ///   - random: Where challenge nonces come from.
    ///   - events: Receives one event per outcome, without secrets.
    public init(
        crtauth: CRTAuthServer,
        keys: any PublicKeyDirectory,
        replayGuard: CRTReplayGuard = CRTReplayGuard(),
        now: @escaping @Sendable () -> Date = { Date() },
        random: RandomSource = .system,
        events: any SecurityEventSink
    ) {
        self.random = random
        self.crtauth = crtauth
        self.keys = keys
        self.replayGuard = replayGuard
        self.now = now
        self.events = events
    }

    /// Answers a challenge request. Unknown users and users without a key the client
    /// can use get a challenge that looks like a real one (and fail later).
    /// - Parameters:
    ///   - request: The parsed request.
    ///   - host: The request's `Host` header (picks the server name).
    /// - Throws: `CRTAuthError` or `DirectoryError`.
    public func challenge(for request: CRTRequest, host: String?) async throws -> CRTIssuedChallenge {
        let userKeys = try await keys.publicKeys(forUser: request.username)
        var generator = random.generator()
        let challenge = try crtauth.makeChallenge(for: request, keys: userKeys, host: host, now: now(), using: &generator)
        if events.wants(.challengeIssued) {
            events.record(SecurityEvent(
                .challengeIssued, subject: request.username,
                details: ["version": "\(request.version.rawValue)", "key": challenge.selectedKey?.sha256Fingerprint ?? "none"]
            ))
        }
        return challenge
    }

    /// Redeems a signed response for a token, once.
    /// - Parameter response: The armoured response (`X-CHAP: response:<…>`).
    /// - Throws: `CRTAuthError` or `DirectoryError`.
    public func token(for response: String) async throws -> CRTIssuedToken {
        let pending = try crtauth.openResponse(response)
        let userKeys = try await keys.publicKeys(forUser: pending.username)
        do {
            let token = try pending.verify(keys: userKeys, now: now(), replayGuard: replayGuard)
            events.record(SecurityEvent(.loginSucceeded, subject: pending.username))
            return token
        } catch let error as CRTAuthError {
            events.record(SecurityEvent(.loginRefused, subject: pending.username, reason: error.reason))
            throw error
        }
    }

    /// Validates a token and checks that its user still exists with at least one key,
    /// so removing a user (or all their keys) revokes their outstanding tokens.
    /// Every refusal is one `tokenRejected` event.
    /// - Parameters:
    ///   - token: The text after `Authorization: chap:`.
    ///   - actor: The service that asks (`/v1/verify`), for the event; `nil` when the user does.
    ///   - address: The request's source address, for the event.
    /// - Returns: The token's user and expiry.
    /// - Throws: ``DirAuthCoreError/Code/tokenRejected``, or `DirectoryError` when the directory is unavailable.
    public func validate(token: String, by actor: String? = nil, address: String? = nil) async throws -> CRTValidatedToken {
        let validated: CRTValidatedToken
        do {
            validated = try crtauth.validateToken(token, now: now())
        } catch let error as CRTAuthError {
            events.record(SecurityEvent(.tokenRejected, subject: "-", actor: actor, reason: error.reason, sourceAddress: address))
            throw DirAuthCoreError.tokenRejected(error.reason)
        }
        guard let userKeys = try await keys.publicKeys(forUser: validated.username), !userKeys.isEmpty else {
            let reason = "user no longer has keys in the directory"
            events.record(SecurityEvent(.tokenRejected, subject: validated.username, actor: actor, reason: reason, sourceAddress: address))
            throw DirAuthCoreError.tokenRejected(reason)
        }
        return validated
    }
}
