// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §8, Python `validate_token`: "b64 → XDR parse → valid_to < now (TokenExpiredException)
// → valid_from > now (TokenExpiredException) → span > 600 (InvalidInputException 'Token lifetime too long')
// → HMAC. Time checks come before the HMAC on purpose (PR #18: stop attackers testing MACs against
// long-lived tokens)." dirauth applies the same order to v1 tokens.

public import Foundation

/// Validates v1 (msgpack, HMAC-SHA256) and legacy v0 (XDR, HMAC-SHA1) tokens with any configured secret.
///
/// Usable on its own by services that share the secret (DirAuthMiddleware) without a full ``CRTAuthServer``.
public struct CRTTokenValidator: Sendable {
    let secrets: CRTSecrets

    /// Creates a validator.
    /// - Parameter secrets: the HMAC secrets; every one is accepted (rotation).
    /// - Throws: ``CRTAuthError/invalidConfiguration(_:)`` when the list or a secret is empty.
    public init(secrets: [[UInt8]]) throws {
        self.secrets = try CRTSecrets(secrets)
    }

    init(secrets: CRTSecrets) {
        self.secrets = secrets
    }

    /// Validates a token string (the text after `Authorization: chap:`).
    /// - Parameters:
    ///   - token: the armoured token.
    ///   - now: the current time.
    /// - Returns: the token's user and validity.
    /// - Throws: ``CRTAuthError/tokenInvalid(_:)`` for undecodable, forged or over-long tokens;
    ///   ``CRTAuthError/tokenExpired(_:)`` outside the validity window.
    public func validate(_ token: String, now: Date) throws -> CRTValidatedToken {
        let bytes: [UInt8]
        do {
            bytes = try Base64URL.decode(token)
        } catch {
            throw CRTAuthError.tokenInvalid("token is not base64")
        }
        switch bytes.first {
        case 0x01: return try validateV1(bytes, now: now)
        case CRTLegacyVerifiablePayload.magic: return try validateLegacy(bytes, now: now)
        default: throw CRTAuthError.tokenInvalid("unknown token format")
        }
    }

    private func validateV1(_ bytes: [UInt8], now: Date) throws -> CRTValidatedToken {
        let token: CRTToken
        do {
            token = try CRTToken(serialized: bytes)
        } catch let error as CRTAuthError {
            throw CRTAuthError.tokenInvalid(error.reason)
        }
        try checkTime(validFrom: token.validFrom, validTo: token.validTo, now: now)
        guard secrets.anyMatches(token.hmac, mac: { $0.sha256(token.authenticatedBytes) }) else {
            throw CRTAuthError.tokenInvalid("token HMAC does not match any secret")
        }
        return CRTValidatedToken(
            username: token.username, validFrom: CRTTime.date(token.validFrom), validTo: CRTTime.date(token.validTo), format: .v1)
    }

    private func validateLegacy(_ bytes: [UInt8], now: Date) throws -> CRTValidatedToken {
        let envelope: CRTLegacyVerifiablePayload
        let token: CRTLegacyToken
        do {
            envelope = try CRTLegacyVerifiablePayload(serialized: bytes)
            token = try CRTLegacyToken(serialized: envelope.payload)
        } catch let error as CRTAuthError {
            throw CRTAuthError.tokenInvalid(error.reason)
        }
        try checkTime(validFrom: UInt64(token.validFrom), validTo: UInt64(token.validTo), now: now)
        guard secrets.anyMatches(envelope.digest, mac: { $0.sha1(envelope.payload) }) else {
            throw CRTAuthError.tokenInvalid("token HMAC does not match any secret")
        }
        return CRTValidatedToken(
            username: token.username, validFrom: CRTTime.date(UInt64(token.validFrom)),
            validTo: CRTTime.date(UInt64(token.validTo)), format: .legacy)
    }

    private func checkTime(validFrom: UInt64, validTo: UInt64, now: Date) throws {
        let t = CRTTime.seconds(now)
        if Double(validTo) < t {
            throw CRTAuthError.tokenExpired("token expired at \(validTo)")
        }
        if Double(validFrom) > t {
            throw CRTAuthError.tokenExpired("token not valid before \(validFrom)")
        }
        guard validTo >= validFrom, validTo - validFrom <= CRTTime.maximumTokenSpan else {
            throw CRTAuthError.tokenInvalid("token lifetime too long")
        }
    }
}
