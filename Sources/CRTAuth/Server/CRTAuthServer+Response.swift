// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §8, Python `create_token(response)`: "b64 decode (InvalidInputException) → first
// byte dispatch (ProtocolError) → v0: lowest-version check, XDR parse, challenge HMAC / v1: msgpack parse,
// challenge HMAC → server_name equality → get_key(challenge.username) → valid_from > now ('too new') →
// valid_to < now ('too old') → signature → token."
//
// Split in two so the (asynchronous) key lookup happens outside this pure core:
// `openResponse` does everything up to the server-name check; `CRTPendingResponse.verify` the rest.

extension CRTAuthServer {
    /// Decodes a response and checks its challenge's HMAC (against every secret) and server name.
    /// - Parameter armoured: the text after `X-CHAP: response:`.
    /// - Returns: the response, waiting for the user's keys.
    /// - Throws: ``CRTAuthError/malformed(_:)`` for undecodable or unparsable input (HTTP 400);
    ///   ``CRTAuthError/unsupportedVersion(_:)`` for v0 below ``lowestSupportedVersion``;
    ///   ``CRTAuthError/authenticationFailed(_:)`` for a bad challenge HMAC or a server name not configured here.
    public func openResponse(_ armoured: String) throws -> CRTPendingResponse {
        let bytes = try Base64URL.decode(armoured)
        switch bytes.first {
        case CRTResponse.magic?:  // 'r': v0
            return try openLegacyResponse(bytes)
        case 0x01?:
            return try openV1Response(bytes)
        default:
            throw CRTAuthError.malformed("invalid first byte of response")
        }
    }

    private func openV1Response(_ bytes: [UInt8]) throws -> CRTPendingResponse {
        let response = try CRTResponse(serialized: bytes)
        let challenge = try CRTChallenge(serialized: response.challenge)
        guard secrets.anyMatches(challenge.hmac, mac: { $0.sha256(challenge.authenticatedBytes) }) else {
            throw CRTAuthError.authenticationFailed("challenge HMAC does not match any secret")
        }
        try checkServerName(challenge.serverName)
        return CRTPendingResponse(
            server: self, version: .v1, username: challenge.username, keyFingerprint: challenge.fingerprint,
            serverName: challenge.serverName, validFrom: challenge.validFrom, validTo: challenge.validTo,
            challengeID: CRTMAC.sha256Digest(challenge.authenticatedBytes),
            signedData: response.challenge, signature: response.signature)
    }

    private func openLegacyResponse(_ bytes: [UInt8]) throws -> CRTPendingResponse {
        guard lowestSupportedVersion <= .v0 else {
            throw CRTAuthError.unsupportedVersion("client needs to support at least version \(lowestSupportedVersion.rawValue)")
        }
        let response = try CRTLegacyResponse(serialized: bytes)
        let envelope = try CRTLegacyVerifiablePayload(serialized: response.hmacChallenge)
        guard secrets.anyMatches(envelope.digest, mac: { $0.sha1(envelope.payload) }) else {
            throw CRTAuthError.authenticationFailed("challenge HMAC does not match any secret")
        }
        let challenge = try CRTLegacyChallenge(serialized: envelope.payload)
        try checkServerName(challenge.serverName)
        return CRTPendingResponse(
            server: self, version: .v0, username: challenge.username, keyFingerprint: challenge.fingerprint,
            serverName: challenge.serverName, validFrom: UInt64(challenge.validFrom), validTo: UInt64(challenge.validTo),
            challengeID: CRTMAC.sha256Digest(envelope.payload),
            signedData: envelope.payload, signature: response.signature)
    }

    private func checkServerName(_ name: String) throws {
        guard serverNames.contains(name) else {
            throw CRTAuthError.authenticationFailed("challenge was issued for another server name")
        }
    }
}
