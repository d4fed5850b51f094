// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §4.4, the token the Python server issues for v0 *and* v1:
//
//   VerifiablePayload('v' 00 00 00 | HMAC-SHA1(secret, payload) | opaque<>(payload))
//   payload = 't' 00 00 00 | valid_from uint32 | valid_to uint32 | username opaque<>

/// The v0 token payload (wrapped in a ``CRTLegacyVerifiablePayload``).
public struct CRTLegacyToken: Sendable, Hashable {
    /// The magic byte `'t'`.
    static let magic: UInt8 = 0x74

    /// Seconds since 1970.
    public var validFrom: UInt32
    /// Seconds since 1970.
    public var validTo: UInt32
    /// The authenticated user.
    public var username: String

    /// Creates a token payload.
    /// - Parameters:
    ///   - validFrom: seconds since 1970.
    ///   - validTo: seconds since 1970.
    ///   - username: the user.
    public init(validFrom: UInt32, validTo: UInt32, username: String) {
        self.validFrom = validFrom
        self.validTo = validTo
        self.username = username
    }

    /// Parses a token payload. Trailing bytes are ignored.
    /// - Parameter bytes: the payload.
    /// - Throws: ``CRTAuthError/malformed(_:)`` on a wrong magic, truncation or a non-UTF-8 username.
    public init(serialized bytes: [UInt8]) throws {
        var reader = XDRReader(bytes)
        guard try reader.readFixedOpaque(1, "token magic") == [Self.magic] else {
            throw CRTAuthError.malformed("v0 token: wrong magic")
        }
        validFrom = try reader.readUInt32("valid_from")
        validTo = try reader.readUInt32("valid_to")
        username = try reader.readUTF8("username")
    }

    /// The XDR bytes.
    public var serialized: [UInt8] {
        var writer = XDRWriter()
        writer.writeFixedOpaque([Self.magic])
        writer.writeUInt32(validFrom)
        writer.writeUInt32(validTo)
        writer.writeOpaque(Array(username.utf8))
        return writer.bytes
    }
}
