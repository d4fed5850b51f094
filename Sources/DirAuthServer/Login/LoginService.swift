public import CRTAuth
public import Directory
public import Foundation
public import Logging
import SSHKeys

/// crtauth login as dirauthd runs it: the pure ``CRTAuthServer`` plus the key
/// directory, the clock, the random source and the single-use guard.
///
/// Both HTTP faces (`/_auth` with `X-CHAP`, and the JSON `/v1/…` API) go through it,
/// so they cannot drift apart. Errors are ``CRTAuthError`` (the client's fault or a
/// failed authentication) or ``DirectoryError`` (ours); the HTTP layer maps them.
public struct LoginService: Sendable {
    /// The protocol core.
    public let crtauth: CRTAuthServer
    let keys: any PublicKeyDirectory
    let replayGuard: CRTReplayGuard
    let now: @Sendable () -> Date
    let logger: Logger

    /// Creates the service.
    /// - Parameters:
    ///   - crtauth: The configured protocol core.
    ///   - keys: Where users' public keys come from.
    ///   - replayGuard: Remembers redeemed challenges until they expire.
    ///   - now: The clock (injected for tests).
    ///   - logger: Receives one line per outcome, without secrets.
    public init(
        crtauth: CRTAuthServer,
        keys: any PublicKeyDirectory,
        replayGuard: CRTReplayGuard = CRTReplayGuard(),
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger
    ) {
        self.crtauth = crtauth
        self.keys = keys
        self.replayGuard = replayGuard
        self.now = now
        self.logger = logger
    }

    /// Answers a challenge request. Unknown users and users without a key the client
    /// can use get a challenge that looks like a real one (and fail later).
    /// - Parameters:
    ///   - request: The parsed request.
    ///   - host: The request's `Host` header (picks the server name).
    /// - Throws: ``CRTAuthError`` or ``DirectoryError``.
    public func challenge(for request: CRTRequest, host: String?) async throws -> CRTIssuedChallenge {
        let userKeys = try await keys.publicKeys(forUser: request.username)
        var random = SystemRandomNumberGenerator()
        let challenge = try crtauth.makeChallenge(for: request, keys: userKeys, host: host, now: now(), using: &random)
        logger.debug(
            "challenge issued",
            metadata: ["user": "\(request.username)", "version": "\(request.version.rawValue)", "key": "\(challenge.selectedKey?.sha256Fingerprint ?? "none")"]
        )
        return challenge
    }

    /// Redeems a signed response for a token, once.
    /// - Parameter response: The armoured response (`X-CHAP: response:<…>`).
    /// - Throws: ``CRTAuthError`` or ``DirectoryError``.
    public func token(for response: String) async throws -> CRTIssuedToken {
        let pending = try crtauth.openResponse(response)
        let userKeys = try await keys.publicKeys(forUser: pending.username)
        do {
            let token = try pending.verify(keys: userKeys, now: now(), replayGuard: replayGuard)
            logger.info("login", metadata: ["user": "\(pending.username)", "outcome": "token issued"])
            return token
        } catch let error as CRTAuthError {
            logger.info("login", metadata: ["user": "\(pending.username)", "outcome": "refused", "reason": "\(error.reason)"])
            throw error
        }
    }

    /// Validates a token and checks that its user still exists with at least one key,
    /// so removing a user (or all their keys) revokes their outstanding tokens.
    /// - Parameter token: The text after `Authorization: chap:`.
    /// - Throws: ``CRTAuthError`` (`tokenInvalid`, `tokenExpired`) or ``DirectoryError``.
    public func validate(token: String) async throws -> CRTValidatedToken {
        let validated = try crtauth.validateToken(token, now: now())
        guard let userKeys = try await keys.publicKeys(forUser: validated.username), !userKeys.isEmpty else {
            throw CRTAuthError.tokenInvalid("user no longer has keys in the directory")
        }
        return validated
    }
}
