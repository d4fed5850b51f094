// SPDX-License-Identifier: Apache-2.0
// Second half of crtauth's `create_token`, after the caller looked up the user's keys:
// key by fingerprint → valid_from <= now <= valid_to (span <= 22 s) → signature → single use → token.
// "v1: sign-check over the complete challenge bytes from the response; v0: over the inner XDR payload only."

public import Foundation
public import SSHKeys

/// A response whose challenge HMAC and server name are good, waiting for the user's keys.
public struct CRTPendingResponse: Sendable {
    let server: CRTAuthServer
    /// The protocol version of the response.
    public let version: CRTProtocolVersion
    /// The user whose keys must be looked up.
    public let username: String
    /// The 6-byte crtauth fingerprint the challenge named (real or fake).
    public let keyFingerprint: [UInt8]
    /// The server name the challenge carries (one of the configured names).
    public let serverName: String
    let validFromSeconds: UInt64
    let validToSeconds: UInt64
    /// A stable identifier of the challenge: SHA-256 of its HMAC-authenticated bytes (32 bytes).
    public let challengeID: [UInt8]
    let signedData: [UInt8]
    let signature: [UInt8]

    init(
        server: CRTAuthServer, version: CRTProtocolVersion, username: String, keyFingerprint: [UInt8], serverName: String,
        validFrom: UInt64, validTo: UInt64, challengeID: [UInt8], signedData: [UInt8], signature: [UInt8]
    ) {
        self.server = server
        self.version = version
        self.username = username
        self.keyFingerprint = keyFingerprint
        self.serverName = serverName
        self.validFromSeconds = validFrom
        self.validToSeconds = validTo
        self.challengeID = challengeID
        self.signedData = signedData
        self.signature = signature
    }

    /// When the challenge became valid.
    public var challengeValidFrom: Date { CRTTime.date(validFromSeconds) }
    /// When the challenge stops being valid: a replay cache must remember ``challengeID`` until then.
    public var challengeValidTo: Date { CRTTime.date(validToSeconds) }

    /// Finishes authentication and issues a token.
    /// - Parameters:
    ///   - keys: the public keys of ``username``, or nil when the user is unknown.
    ///   - now: the current time.
    ///   - replayGuard: where redeemed challenges are remembered; nil disables single use.
    /// - Returns: the token, with the key that signed.
    /// - Throws: ``CRTAuthError/authenticationFailed(_:)`` for an unknown user, no key with the challenge's
    ///   fingerprint, a challenge outside its time window or spanning more than 22 s, or a bad signature;
    ///   ``CRTAuthError/challengeReplayed(_:)`` when the challenge was already redeemed.
    public func verify(keys: [SSHPublicKey]?, now: Date, replayGuard: CRTReplayGuard? = nil) throws -> CRTIssuedToken {
        guard let keys else {
            throw CRTAuthError.authenticationFailed("unknown user")
        }
        let candidates = keys.filter { $0.crtauthFingerprint == keyFingerprint }
        guard !candidates.isEmpty else {
            throw CRTAuthError.authenticationFailed("the user has no key with the challenge's fingerprint")
        }
        let t = CRTTime.seconds(now)
        guard Double(validFromSeconds) <= t else {
            throw CRTAuthError.authenticationFailed("challenge valid from \(validFromSeconds): too new")
        }
        guard t <= Double(validToSeconds) else {
            throw CRTAuthError.authenticationFailed("challenge valid to \(validToSeconds): too old")
        }
        guard validToSeconds >= validFromSeconds, validToSeconds - validFromSeconds <= CRTTime.maximumChallengeSpan else {
            throw CRTAuthError.authenticationFailed("challenge spans more than \(CRTTime.maximumChallengeSpan) s")
        }
        guard let key = candidates.first(where: { CRTSignatureCheck.isValid(signature, over: signedData, by: $0) }) else {
            throw CRTAuthError.authenticationFailed("client did not prove it controls the key")
        }
        try replayGuard?.redeem(challengeID: challengeID, validTo: challengeValidTo, now: now)
        var token = server.issueToken(username: username, now: now)
        token.key = key
        token.challengeID = challengeID
        return token
    }
}
