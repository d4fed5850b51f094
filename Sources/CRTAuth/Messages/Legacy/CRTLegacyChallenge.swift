// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §4.2, the v0 challenge payload (wrapped in a VerifiablePayload):
//
//   Challenge:  'c' 00 00 00 | unique_data: 20 bytes | valid_from: uint32 | valid_to: uint32 |
//               fingerprint: opaque<> (len 6 + 2 pad) | server_name: opaque<> | username: opaque<>
//
// "What is signed in v0: only the inner Challenge payload (hmac_challenge.payload), not the v wrapper."

/// The v0 challenge payload (the bytes a v0 client signs).
public struct CRTLegacyChallenge: Sendable, Hashable {
    /// The magic byte `'c'`.
    static let magic: UInt8 = 0x63

    /// 20 random bytes.
    public var uniqueData: [UInt8]
    /// Seconds since 1970.
    public var validFrom: UInt32
    /// Seconds since 1970.
    public var validTo: UInt32
    /// 6-byte crtauth key fingerprint.
    public var fingerprint: [UInt8]
    /// The server's name.
    public var serverName: String
    /// The user.
    public var username: String

    /// Creates a v0 challenge payload.
    /// - Parameters:
    ///   - uniqueData: 20 random bytes.
    ///   - validFrom: seconds since 1970.
    ///   - validTo: seconds since 1970.
    ///   - fingerprint: 6 bytes.
    ///   - serverName: the server's name.
    ///   - username: the user.
    public init(uniqueData: [UInt8], validFrom: UInt32, validTo: UInt32, fingerprint: [UInt8], serverName: String, username: String) {
        self.uniqueData = uniqueData
        self.validFrom = validFrom
        self.validTo = validTo
        self.fingerprint = fingerprint
        self.serverName = serverName
        self.username = username
    }

    /// Parses a payload. Trailing bytes are ignored, as xdrlib does.
    /// - Parameter bytes: the payload bytes.
    /// - Throws: ``CRTAuthError/malformed(_:)`` on a wrong magic, truncation or non-UTF-8 names.
    public init(serialized bytes: [UInt8]) throws {
        var reader = XDRReader(bytes)
        guard try reader.readFixedOpaque(1, "challenge magic") == [Self.magic] else {
            throw CRTAuthError.malformed("v0 challenge: wrong magic")
        }
        uniqueData = try reader.readFixedOpaque(20, "unique_data")
        validFrom = try reader.readUInt32("valid_from")
        validTo = try reader.readUInt32("valid_to")
        fingerprint = try reader.readOpaque("fingerprint")
        serverName = try reader.readUTF8("server_name")
        username = try reader.readUTF8("username")
    }

    /// The XDR bytes.
    public var serialized: [UInt8] {
        var writer = XDRWriter()
        writer.writeFixedOpaque([Self.magic])
        writer.writeFixedOpaque(uniqueData)
        writer.writeUInt32(validFrom)
        writer.writeUInt32(validTo)
        writer.writeOpaque(fingerprint)
        writer.writeOpaque(Array(serverName.utf8))
        writer.writeOpaque(Array(username.utf8))
        return writer.bytes
    }
}
