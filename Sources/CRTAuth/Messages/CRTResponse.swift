// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §3.3, v1 response (client → server, `X-CHAP: response:<b64url>`):
//
//   | # | field     | encoding                                                                   |
//   | 1 | version   | 0x01                                                                       |
//   | 2 | magic     | 0x72 ('r')                                                                 |
//   | 3 | challenge | bin: the complete decoded challenge bytes as received, including its HMAC  |
//   | 4 | signature | bin: RSASSA-PKCS1-v1_5(SHA-1) over field 3's bytes (raw RSA signature)     |
//
// dirauth extension (PROTOCOL.md §6): field 4 may instead hold an SSH signature blob
// (`string algorithm, string signature`, RFC 4253 §6.6 / RFC 8332 / RFC 5656 / RFC 8709).
// Bytes after field 4 are ignored ("later versions may append fields").

/// A v1 response: the challenge as received plus the client's signature over it.
public struct CRTResponse: Sendable, Hashable {
    /// The magic byte `'r'`.
    static let magic: UInt8 = 0x72

    /// The complete challenge bytes (including its HMAC).
    public var challenge: [UInt8]
    /// A raw RSA PKCS#1 v1.5 SHA-1 signature, or an SSH signature blob (dirauth extension).
    public var signature: [UInt8]

    /// Creates a response.
    /// - Parameters:
    ///   - challenge: the decoded challenge bytes exactly as received.
    ///   - signature: the signature field.
    public init(challenge: [UInt8], signature: [UInt8]) {
        self.challenge = challenge
        self.signature = signature
    }

    /// Parses a response.
    /// - Parameter bytes: the decoded response.
    /// - Throws: ``CRTAuthError/malformed(_:)`` on a wrong version or magic, or truncation.
    public init(serialized bytes: [UInt8]) throws {
        var reader = MsgPackReader(bytes)
        let version = try reader.readUInt("response version")
        guard version == 1 else {
            throw CRTAuthError.malformed("response: version \(version), expected 1")
        }
        guard try reader.readUInt("response magic") == UInt64(Self.magic) else {
            throw CRTAuthError.malformed("response: wrong magic")
        }
        challenge = try reader.readRaw("challenge")
        signature = try reader.readRaw("signature")
    }

    /// The msgpack bytes.
    public var serialized: [UInt8] {
        var writer = MsgPackWriter()
        writer.writeUInt(1)
        writer.writeUInt(UInt64(Self.magic))
        writer.writeBinary(challenge)
        writer.writeBinary(signature)
        return writer.bytes
    }
}
