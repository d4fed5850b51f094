// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §4.2/§4.4, the v0 wrapper used for challenges and tokens:
//
//   VerifiablePayload:  'v' 00 00 00 | digest: 20 bytes = HMAC-SHA1(secret, payload) | payload: xdr opaque<>
//
// "The HMAC covers the padded payload bytes, so flipping a pad byte invalidates the token."

/// The v0 HMAC-SHA1 envelope around a serialized challenge or token payload.
public struct CRTLegacyVerifiablePayload: Sendable, Hashable {
    /// The magic byte `'v'`.
    static let magic: UInt8 = 0x76

    /// HMAC-SHA1(secret, payload), 20 bytes.
    public var digest: [UInt8]
    /// The wrapped XDR payload.
    public var payload: [UInt8]

    /// Wraps a payload, computing its HMAC-SHA1.
    /// - Parameters:
    ///   - payload: the serialized XDR payload.
    ///   - secret: the HMAC key.
    public init(payload: [UInt8], secret: [UInt8]) {
        self.payload = payload
        self.digest = CRTMAC.sha1(key: secret, data: payload)
    }

    /// Parses the envelope (does not check the digest). Trailing bytes are ignored, as xdrlib does.
    /// - Parameter bytes: the decoded envelope.
    /// - Throws: ``CRTAuthError/malformed(_:)`` on a wrong magic or truncation.
    public init(serialized bytes: [UInt8]) throws {
        var reader = XDRReader(bytes)
        guard try reader.readFixedOpaque(1, "verifiable payload magic") == [Self.magic] else {
            throw CRTAuthError.malformed("v0 verifiable payload: wrong magic")
        }
        digest = try reader.readFixedOpaque(20, "digest")
        payload = try reader.readOpaque("payload")
    }

    /// The XDR bytes.
    public var serialized: [UInt8] {
        var writer = XDRWriter()
        writer.writeFixedOpaque([Self.magic])
        writer.writeFixedOpaque(digest)
        writer.writeOpaque(payload)
        return writer.bytes
    }
}
