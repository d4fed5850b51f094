// SPDX-License-Identifier: Apache-2.0
// The client half of crtauth (crtauth `client.py`: create_request, create_response), pure:
// the caller talks HTTP and to ssh-agent.
//
// crtauth-protocol.md §9.3: "Clients verify challenge.server_name == host with exact (case-sensitive)
// equality." §4.3: "What is signed in v0: only the inner Challenge payload"; §3.3: v1 signs the
// complete challenge bytes including the HMAC.

/// Building requests and responses, and checking challenges, for crtauth clients.
public enum CRTAuthClientLogic {
    /// Builds the text after `X-CHAP: request:`.
    /// - Parameters:
    ///   - username: the user.
    ///   - version: `.v1` (default) or `.v0` (plain username, for v0-only servers).
    ///   - keyFingerprint: dirauth extension, v1 only: SHA-256 of the key blob to use (32 bytes).
    ///     Reference servers ignore it.
    /// - Returns: the armoured request.
    public static func makeRequest(username: String, version: CRTProtocolVersion = .v1, keyFingerprint: [UInt8]? = nil) -> String {
        CRTRequest(username: username, version: version, keyFingerprint: version == .v1 ? keyFingerprint : nil).armoured()
    }

    /// Decodes a challenge and checks that it was issued for the server the client contacted.
    /// - Parameters:
    ///   - armoured: the text after `X-CHAP: challenge:`.
    ///   - expectedServerName: the host the client connected to (URL host without port), compared exactly.
    /// - Returns: what to sign and with which key.
    /// - Throws: ``CRTAuthError/malformed(_:)`` for an undecodable challenge;
    ///   ``CRTAuthError/serverNameMismatch(_:)`` when it names another server (possible MITM).
    public static func openChallenge(_ armoured: String, expectedServerName: String) throws -> CRTClientChallenge {
        let bytes = try Base64URL.decode(armoured)
        let result: CRTClientChallenge
        switch bytes.first {
        case 0x01?:
            let challenge = try CRTChallenge(serialized: bytes)
            result = CRTClientChallenge(
                version: .v1, username: challenge.username, serverName: challenge.serverName,
                keyFingerprint: challenge.fingerprint, validFrom: challenge.validFrom, validTo: challenge.validTo,
                dataToSign: bytes, challengeBytes: bytes)
        case CRTLegacyVerifiablePayload.magic?:
            let envelope = try CRTLegacyVerifiablePayload(serialized: bytes)
            let challenge = try CRTLegacyChallenge(serialized: envelope.payload)
            result = CRTClientChallenge(
                version: .v0, username: challenge.username, serverName: challenge.serverName,
                keyFingerprint: challenge.fingerprint, validFrom: UInt64(challenge.validFrom), validTo: UInt64(challenge.validTo),
                dataToSign: envelope.payload, challengeBytes: bytes)
        default:
            throw CRTAuthError.malformed("challenge: unknown first byte")
        }
        guard result.serverName == expectedServerName else {
            throw CRTAuthError.serverNameMismatch(
                "challenge originates from \"\(result.serverName)\", not \"\(expectedServerName)\"")
        }
        return result
    }

    /// Builds the text after `X-CHAP: response:`.
    /// - Parameters:
    ///   - challenge: the opened challenge.
    ///   - signature: the signature over ``CRTClientChallenge/dataToSign``.
    /// - Returns: the armoured response, in the challenge's version.
    public static func makeResponse(to challenge: CRTClientChallenge, signature: CRTResponseSignature) -> String {
        switch challenge.version {
        case .v1:
            Base64URL.encode(CRTResponse(challenge: challenge.challengeBytes, signature: signature.fieldBytes).serialized)
        case .v0:
            Base64URL.encode(CRTLegacyResponse(signature: signature.fieldBytes, hmacChallenge: challenge.challengeBytes).serialized)
        }
    }
}
