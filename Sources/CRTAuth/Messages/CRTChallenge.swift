// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §3.2, v1 challenge (server → client, `X-CHAP: challenge:<b64url>`):
//
//   | # | field       | encoding       | notes                                                     |
//   | 1 | version     | 0x01           |                                                           |
//   | 2 | magic       | 0x63 ('c')     |                                                           |
//   | 3 | unique_data | bin8, 20 bytes | random                                                    |
//   | 4 | valid_from  | uint (0xce)    | int(now - 2)                                              |
//   | 5 | valid_to    | uint (0xce)    | int(now + 20)                                             |
//   | 6 | fingerprint | bin8, 6 bytes  | SHA-1(key blob)[:6], or HMAC(secret, username)[:6] if faked |
//   | 7 | server_name | str            |                                                           |
//   | 8 | username    | str            | echoed from the request                                   |
//   | 9 | hmac        | bin8, 32 bytes | HMAC-SHA256(secret, bytes of fields 1–8 exactly as serialized) |
//
// "Verification: Python recomputes the HMAC over serialized[:-34] (assumes the message ends with
// exactly c4 20 <32 bytes>)". We require the same ending and parse fields 1–8 up to it exactly.

/// A v1 challenge, holding the exact bytes it was built from or parsed from.
public struct CRTChallenge: Sendable, Hashable {
    /// The magic byte `'c'`.
    static let magic: UInt8 = 0x63

    /// 20 random bytes that make the challenge unique.
    public let uniqueData: [UInt8]
    /// Seconds since 1970: the challenge is not valid before this.
    public let validFrom: UInt64
    /// Seconds since 1970: the challenge is not valid after this.
    public let validTo: UInt64
    /// 6-byte crtauth fingerprint of the key the client must sign with.
    public let fingerprint: [UInt8]
    /// The server name the client must check against the host it contacted.
    public let serverName: String
    /// The user logging in.
    public let username: String
    /// The 32-byte HMAC-SHA256 over ``authenticatedBytes``.
    public let hmac: [UInt8]
    /// Fields 1–8 exactly as serialized (the HMAC input).
    public let authenticatedBytes: [UInt8]

    /// The complete message (fields 1–9): what a v1 client signs and returns in its response.
    public var serialized: [UInt8] {
        var writer = MsgPackWriter()
        writer.writeBinary(hmac)
        return authenticatedBytes + writer.bytes
    }

    /// Builds a challenge and computes its HMAC, serializing strings as crtauth's Python server does.
    /// - Parameters:
    ///   - uniqueData: 20 random bytes.
    ///   - validFrom: seconds since 1970.
    ///   - validTo: seconds since 1970.
    ///   - fingerprint: 6 bytes.
    ///   - serverName: the server's name.
    ///   - username: the user.
    ///   - secret: the HMAC key.
    public init(
        uniqueData: [UInt8], validFrom: UInt64, validTo: UInt64, fingerprint: [UInt8],
        serverName: String, username: String, secret: [UInt8]
    ) {
        var writer = MsgPackWriter()
        writer.writeUInt(1)
        writer.writeUInt(UInt64(Self.magic))
        writer.writeBinary(uniqueData)
        writer.writeUInt(validFrom)
        writer.writeUInt(validTo)
        writer.writeBinary(fingerprint)
        writer.writeString(Array(serverName.utf8), style: .python)
        writer.writeString(Array(username.utf8), style: .python)
        self.uniqueData = uniqueData
        self.validFrom = validFrom
        self.validTo = validTo
        self.fingerprint = fingerprint
        self.serverName = serverName
        self.username = username
        self.authenticatedBytes = writer.bytes
        self.hmac = CRTMAC.sha256(key: secret, data: writer.bytes)
    }

    /// Parses a challenge (does not check the HMAC).
    /// - Parameter serialized: the decoded challenge bytes.
    /// - Throws: ``CRTAuthError/malformed(_:)`` on a wrong version or magic, truncation, or when the
    ///   message does not end with a 32-byte bin8 HMAC right after the username.
    public init(serialized bytes: [UInt8]) throws {
        guard bytes.count >= 34, bytes[bytes.count - 34] == 0xc4, bytes[bytes.count - 33] == 0x20 else {
            throw CRTAuthError.malformed("challenge: does not end with a 32-byte HMAC")
        }
        let body = Array(bytes[0..<(bytes.count - 34)])
        var reader = MsgPackReader(body)
        let version = try reader.readUInt("challenge version")
        guard version == 1 else {
            throw CRTAuthError.malformed("challenge: version \(version), expected 1")
        }
        guard try reader.readUInt("challenge magic") == UInt64(Self.magic) else {
            throw CRTAuthError.malformed("challenge: wrong magic")
        }
        uniqueData = try reader.readRaw("unique_data")
        validFrom = try reader.readUInt("valid_from")
        validTo = try reader.readUInt("valid_to")
        fingerprint = try reader.readRaw("fingerprint")
        serverName = try reader.readUTF8("server_name")
        username = try reader.readUTF8("username")
        guard reader.isAtEnd else {
            throw CRTAuthError.malformed("challenge: \(reader.remaining) unexpected bytes before the HMAC")
        }
        authenticatedBytes = body
        hmac = Array(bytes[(bytes.count - 32)...])
    }
}
