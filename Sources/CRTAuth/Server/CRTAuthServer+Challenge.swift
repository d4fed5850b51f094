// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §8, Python `create_challenge(username, version)`: "len > 64 → ValueError;
// key_provider.get_key (NoSuchUserException → fake fingerprint); version < 1 → (lowest_supported_version
// check → ProtocolVersionError) v0 challenge; else v1."
//
// dirauth key selection (PROTOCOL.md §6.3): with the fingerprint extension, the key whose SHA-256
// blob digest matches; without it, the user's first RSA key. No match, or an unknown user, gets a
// fake fingerprint HMAC-SHA1(secret, username)[:6]: a challenge indistinguishable from a real one.

public import Foundation
public import SSHKeys

extension CRTAuthServer {
    /// Makes a challenge with 20 bytes of unique data drawn from `generator`.
    /// - Parameters:
    ///   - request: the parsed request.
    ///   - keys: the user's public keys, or nil for an unknown user.
    ///   - host: the request's `Host` header (selects among ``serverNames``), or nil.
    ///   - now: the current time.
    ///   - generator: a cryptographically secure generator (`SystemRandomNumberGenerator` in production).
    /// - Returns: the armoured challenge and what it contains.
    /// - Throws: ``CRTAuthError/unsupportedVersion(_:)`` below ``lowestSupportedVersion``;
    ///   ``CRTAuthError/authenticationFailed(_:)`` for a username over 64 bytes.
    public func makeChallenge(
        for request: CRTRequest, keys: [SSHPublicKey]?, host: String?, now: Date, using generator: inout some RandomNumberGenerator
    ) throws -> CRTIssuedChallenge {
        // Three 64-bit draws, not twenty 8-bit ones: each draw of the system generator is a
        // `getrandom` system call, which was a tenth of a challenge's cost.
        var uniqueData: [UInt8] = []
        uniqueData.reserveCapacity(24)
        while uniqueData.count < 20 {
            withUnsafeBytes(of: generator.next()) { uniqueData.append(contentsOf: $0) }
        }
        uniqueData.removeLast(uniqueData.count - 20)
        return try makeChallenge(for: request, keys: keys, host: host, now: now, uniqueData: uniqueData)
    }

    /// Makes a challenge with the given unique data (for reproducible tests).
    /// - Parameters:
    ///   - request: the parsed request.
    ///   - keys: the user's public keys, or nil for an unknown user.
    ///   - host: the request's `Host` header, or nil.
    ///   - now: the current time.
    ///   - uniqueData: exactly 20 unpredictable bytes.
    /// - Returns: the armoured challenge and what it contains.
    /// - Throws: ``CRTAuthError/unsupportedVersion(_:)``; ``CRTAuthError/authenticationFailed(_:)`` for a
    ///   username over 64 bytes; ``CRTAuthError/invalidConfiguration(_:)`` when `uniqueData` is not 20 bytes.
    public func makeChallenge(
        for request: CRTRequest, keys: [SSHPublicKey]?, host: String?, now: Date, uniqueData: [UInt8]
    ) throws -> CRTIssuedChallenge {
        guard uniqueData.count == 20 else {
            throw CRTAuthError.invalidConfiguration("unique data must be 20 bytes")
        }
        guard request.version >= lowestSupportedVersion else {
            throw CRTAuthError.unsupportedVersion("client needs to support at least version \(lowestSupportedVersion.rawValue)")
        }
        guard request.username.utf8.count <= Self.maximumUsernameLength else {
            throw CRTAuthError.authenticationFailed("username longer than \(Self.maximumUsernameLength) bytes")
        }
        let serverName = serverName(forHost: host)
        let key = selectKey(for: request, among: keys)
        let fingerprint = key?.crtauthFingerprint ?? fakeFingerprint(for: request.username)
        let t = CRTTime.seconds(now)
        let validFrom = CRTTime.truncate(t - CRTTime.clockFudge)
        let validTo = CRTTime.truncate(t + CRTTime.responseTimeout)
        let armoured: String
        switch request.version {
        case .v1:
            let challenge = CRTChallenge(
                uniqueData: uniqueData, validFrom: validFrom, validTo: validTo, fingerprint: fingerprint,
                serverName: serverName, username: request.username, secret: secrets.signing)
            armoured = Base64URL.encode(challenge.serialized)
        case .v0:
            let payload = CRTLegacyChallenge(
                uniqueData: uniqueData, validFrom: UInt32(clamping: validFrom), validTo: UInt32(clamping: validTo),
                fingerprint: fingerprint, serverName: serverName, username: request.username
            ).serialized
            armoured = Base64URL.encode(CRTLegacyVerifiablePayload(payload: payload, secret: secrets.signing).serialized)
        }
        return CRTIssuedChallenge(
            challenge: armoured, version: request.version, username: request.username, serverName: serverName,
            fingerprint: fingerprint, selectedKey: key, validFrom: CRTTime.date(validFrom), validTo: CRTTime.date(validTo))
    }

    /// The key a challenge names: by SHA-256 fingerprint when the request has one, else the first RSA key.
    func selectKey(for request: CRTRequest, among keys: [SSHPublicKey]?) -> SSHPublicKey? {
        guard let keys else { return nil }
        if let wanted = request.keyFingerprint, request.version == .v1 {
            return keys.first { CRTMAC.sha256Digest($0.blob) == wanted }
        }
        return keys.first { $0.type == .rsa }
    }
}
