// SPDX-License-Identifier: Apache-2.0

/// A challenge as a client sees it, after the server-name check.
public struct CRTClientChallenge: Sendable, Hashable {
    /// The challenge's protocol version.
    public let version: CRTProtocolVersion
    /// The user the challenge is for.
    public let username: String
    /// The server name in the challenge (equal to the expected one).
    public let serverName: String
    /// The 6-byte crtauth fingerprint (SHA-1 of the key blob, first 6 bytes) of the key to sign with.
    public let keyFingerprint: [UInt8]
    /// Seconds since 1970, per the server's clock.
    public let validFrom: UInt64
    /// Seconds since 1970, per the server's clock.
    public let validTo: UInt64
    /// The bytes to sign: the whole decoded challenge for v1, the inner XDR payload for v0.
    public let dataToSign: [UInt8]
    /// The decoded challenge as received (returned inside the response).
    public let challengeBytes: [UInt8]
}
