// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §3.4 (b), the PROTOCOL.md token that crtauth-java issues and accepts:
//
//   | # | field      | encoding                                     |
//   | 1 | version    | 0x01                                         |
//   | 2 | magic      | 0x74 ('t')                                   |
//   | 3 | valid_from | uint        (now - 2)                        |
//   | 4 | valid_to   | uint        (now + lifetime)                 |
//   | 5 | username   | str                                          |
//   | 6 | hmac       | bin8 32: HMAC-SHA256(secret, fields 1–5)     |
//
// As for challenges, the message must end with `c4 20 <32 bytes>` right after the username.

/// A v1 (msgpack, HMAC-SHA256) token.
public struct CRTToken: Sendable, Hashable {
    /// The magic byte `'t'`.
    static let magic: UInt8 = 0x74

    /// Seconds since 1970: not valid before.
    public let validFrom: UInt64
    /// Seconds since 1970: not valid after.
    public let validTo: UInt64
    /// The authenticated user.
    public let username: String
    /// HMAC-SHA256 over ``authenticatedBytes``.
    public let hmac: [UInt8]
    /// Fields 1–5 as serialized.
    public let authenticatedBytes: [UInt8]

    /// Builds a token and computes its HMAC.
    /// - Parameters:
    ///   - validFrom: seconds since 1970.
    ///   - validTo: seconds since 1970.
    ///   - username: the user.
    ///   - secret: the HMAC key.
    public init(validFrom: UInt64, validTo: UInt64, username: String, secret: [UInt8]) {
        var writer = MsgPackWriter()
        writer.writeUInt(1)
        writer.writeUInt(UInt64(Self.magic))
        writer.writeUInt(validFrom)
        writer.writeUInt(validTo)
        writer.writeString(Array(username.utf8), style: .python)
        self.validFrom = validFrom
        self.validTo = validTo
        self.username = username
        self.authenticatedBytes = writer.bytes
        self.hmac = CRTMAC.sha256(key: secret, data: writer.bytes)
    }

    /// Parses a token (does not check the HMAC).
    /// - Parameter bytes: the decoded token.
    /// - Throws: ``CRTAuthError/malformed(_:)`` on a wrong version or magic, truncation, or a bad ending.
    public init(serialized bytes: [UInt8]) throws {
        guard bytes.count >= 34, bytes[bytes.count - 34] == 0xc4, bytes[bytes.count - 33] == 0x20 else {
            throw CRTAuthError.malformed("token: does not end with a 32-byte HMAC")
        }
        let body = Array(bytes[0..<(bytes.count - 34)])
        var reader = MsgPackReader(body)
        let version = try reader.readUInt("token version")
        guard version == 1 else {
            throw CRTAuthError.malformed("token: version \(version), expected 1")
        }
        guard try reader.readUInt("token magic") == UInt64(Self.magic) else {
            throw CRTAuthError.malformed("token: wrong magic")
        }
        validFrom = try reader.readUInt("valid_from")
        validTo = try reader.readUInt("valid_to")
        username = try reader.readUTF8("username")
        guard reader.isAtEnd else {
            throw CRTAuthError.malformed("token: \(reader.remaining) unexpected bytes before the HMAC")
        }
        authenticatedBytes = body
        hmac = Array(bytes[(bytes.count - 32)...])
    }

    /// The complete message (fields 1–6).
    public var serialized: [UInt8] {
        var writer = MsgPackWriter()
        writer.writeBinary(hmac)
        return authenticatedBytes + writer.bytes
    }
}
