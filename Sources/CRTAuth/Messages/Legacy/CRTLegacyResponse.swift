// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §4.3, the v0 response:
//
//   'r' 00 00 00 | signature: opaque<> | hmac_challenge: opaque<> containing the serialized VerifiablePayload

/// A v0 response: the signature over the inner challenge payload plus the wrapped challenge.
public struct CRTLegacyResponse: Sendable, Hashable {
    /// The magic byte `'r'`.
    static let magic: UInt8 = 0x72

    /// Raw RSA signature (or, dirauth extension, an SSH signature blob) over the inner challenge payload.
    public var signature: [UInt8]
    /// The serialized ``CRTLegacyVerifiablePayload`` of the challenge, as received.
    public var hmacChallenge: [UInt8]

    /// Creates a v0 response.
    /// - Parameters:
    ///   - signature: the signature field.
    ///   - hmacChallenge: the decoded challenge (VerifiablePayload) bytes as received.
    public init(signature: [UInt8], hmacChallenge: [UInt8]) {
        self.signature = signature
        self.hmacChallenge = hmacChallenge
    }

    /// Parses a v0 response. Trailing bytes are ignored.
    /// - Parameter bytes: the decoded response.
    /// - Throws: ``CRTAuthError/malformed(_:)`` on a wrong magic or truncation.
    public init(serialized bytes: [UInt8]) throws {
        var reader = XDRReader(bytes)
        guard try reader.readFixedOpaque(1, "response magic") == [Self.magic] else {
            throw CRTAuthError.malformed("v0 response: wrong magic")
        }
        signature = try reader.readOpaque("signature")
        hmacChallenge = try reader.readOpaque("hmac_challenge")
    }

    /// The XDR bytes.
    public var serialized: [UInt8] {
        var writer = XDRWriter()
        writer.writeFixedOpaque([Self.magic])
        writer.writeOpaque(signature)
        writer.writeOpaque(hmacChallenge)
        return writer.bytes
    }
}
