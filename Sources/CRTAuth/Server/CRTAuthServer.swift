// SPDX-License-Identifier: Apache-2.0
// The pure crtauth server: challenges, responses and tokens, with time and randomness injected.
// Key lookup happens outside (the caller passes the user's keys), so the core stays synchronous.

public import Foundation

/// The crtauth server logic, stateless except for the optional ``CRTReplayGuard`` the caller keeps.
///
/// Flow (see `PROTOCOL.md`):
/// 1. ``CRTRequest/parse(headerValue:)``, look up the user's keys, ``makeChallenge(for:keys:host:now:using:)``;
/// 2. ``openResponse(_:)``, look up the keys of ``CRTPendingResponse/username``,
///    ``CRTPendingResponse/verify(keys:now:replayGuard:)`` → token;
/// 3. ``validateToken(_:now:)`` on protected routes.
public struct CRTAuthServer: Sendable {
    /// The largest accepted token lifetime in seconds. Tokens span `lifetime + 2` s and validation
    /// refuses spans over 600 s, so 599 and 600 would issue tokens the server itself rejects.
    public static let maximumTokenLifetime = 598
    /// The longest username accepted in a challenge request, in UTF-8 bytes (as crtauth's Python server).
    public static let maximumUsernameLength = 64

    /// The names this server answers to; the first is the default for challenges.
    public let serverNames: [String]
    /// Lifetime of issued tokens in seconds (`valid_to = int(now) + lifetime`).
    public let tokenLifetime: Int
    /// The token format issued.
    public let tokenFormat: CRTTokenFormat
    /// Requests and responses below this version are refused.
    public let lowestSupportedVersion: CRTProtocolVersion
    let secrets: CRTSecrets

    /// Creates a server.
    /// - Parameters:
    ///   - serverNames: the names clients use in their URLs (`[A-Za-z0-9.-]+`, at most 255 bytes); at least one.
    ///   - secrets: HMAC secrets; the first authenticates new challenges and tokens, all are accepted.
    ///   - tokenLifetime: seconds, 1…598 (default 60).
    ///   - tokenFormat: the token format to issue (default `.v1`).
    ///   - lowestSupportedVersion: `.v1` refuses v0 clients (default `.v0`).
    /// - Throws: ``CRTAuthError/invalidConfiguration(_:)`` for an empty or invalid name, no or an empty
    ///   secret, or a lifetime outside 1…598.
    public init(
        serverNames: [String], secrets: [[UInt8]], tokenLifetime: Int = 60, tokenFormat: CRTTokenFormat = .v1,
        lowestSupportedVersion: CRTProtocolVersion = .v0
    ) throws {
        guard !serverNames.isEmpty else {
            throw CRTAuthError.invalidConfiguration("no server name configured")
        }
        for name in serverNames {
            let valid = !name.isEmpty && name.utf8.count <= 255 && name.utf8.allSatisfy { c in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(c) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(c)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "-")
            }
            guard valid else {
                throw CRTAuthError.invalidConfiguration("server name \"\(name)\" does not match [A-Za-z0-9.-]{1,255}")
            }
        }
        guard (1...Self.maximumTokenLifetime).contains(tokenLifetime) else {
            throw CRTAuthError.invalidConfiguration(
                "token lifetime \(tokenLifetime) s is outside 1…\(Self.maximumTokenLifetime) s")
        }
        self.serverNames = serverNames
        self.secrets = try CRTSecrets(secrets)
        self.tokenLifetime = tokenLifetime
        self.tokenFormat = tokenFormat
        self.lowestSupportedVersion = lowestSupportedVersion
    }

    /// A validator sharing this server's secrets.
    public var tokenValidator: CRTTokenValidator { CRTTokenValidator(secrets: secrets) }

    /// Validates a token issued by this server or a peer sharing a secret (v1 or legacy format).
    /// - Parameters:
    ///   - token: the text after `Authorization: chap:`.
    ///   - now: the current time.
    /// - Returns: user and validity.
    /// - Throws: ``CRTAuthError/tokenInvalid(_:)`` or ``CRTAuthError/tokenExpired(_:)``.
    public func validateToken(_ token: String, now: Date) throws -> CRTValidatedToken {
        try tokenValidator.validate(token, now: now)
    }

    /// Issues a token for a user who has just authenticated. Call only after authentication
    /// (``CRTPendingResponse/verify(keys:now:replayGuard:)`` does it for you).
    /// - Parameters:
    ///   - username: the authenticated user.
    ///   - now: the current time.
    /// - Returns: the armoured token and its validity.
    public func issueToken(username: String, now: Date) -> CRTIssuedToken {
        let t = CRTTime.seconds(now)
        let validFrom = CRTTime.truncate(t - CRTTime.clockFudge)
        let validTo = CRTTime.truncate(t) + UInt64(tokenLifetime)
        let token: String
        switch tokenFormat {
        case .v1:
            token = Base64URL.encode(CRTToken(validFrom: validFrom, validTo: validTo, username: username, secret: secrets.signing).serialized)
        case .legacy:
            let payload = CRTLegacyToken(
                validFrom: UInt32(clamping: validFrom), validTo: UInt32(clamping: validTo), username: username
            ).serialized
            token = Base64URL.encode(CRTLegacyVerifiablePayload(payload: payload, secret: secrets.signing).serialized)
        }
        return CRTIssuedToken(
            token: token, username: username, validFrom: CRTTime.date(validFrom), validTo: CRTTime.date(validTo), format: tokenFormat)
    }

    /// The server name a challenge carries: the request's host (port removed) when it is a configured
    /// name (exact match), else the first configured name.
    /// - Parameter host: the `Host` header, or nil.
    public func serverName(forHost host: String?) -> String {
        guard var host else { return serverNames[0] }
        if !host.hasPrefix("["), let colon = host.lastIndex(of: ":"),
            host[host.index(after: colon)...].allSatisfy(\.isASCII), host[host.index(after: colon)...].allSatisfy(\.isNumber)
        {
            host = String(host[..<colon])
        }
        return serverNames.contains(host) ? host : serverNames[0]
    }

    /// crtauth's fake fingerprint for users without a usable key: HMAC-SHA1(secret, username)[:6]
    /// (Python's choice, used for v0 and v1 alike).
    func fakeFingerprint(for username: String) -> [UInt8] {
        Array(CRTMAC.sha1(key: secrets.signing, data: Array(username.utf8)).prefix(6))
    }
}
