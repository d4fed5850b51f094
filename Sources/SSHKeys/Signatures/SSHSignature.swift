// SPDX-License-Identifier: Apache-2.0

// An SSH signature blob: the algorithm name and the algorithm-specific signature bytes.

// RFC 4253 §6.6:
//   Signatures are encoded as follows:
//      string    signature format identifier (as specified by the
//                public key/certificate format)
//      byte[n]   signature blob in format specific encoding.
// In every format used here (RFC 4253 "ssh-rsa", RFC 8332 "rsa-sha2-*", RFC 8709
// "ssh-ed25519", RFC 5656 §3.1.2 "ecdsa-sha2-*") the second part is itself a `string`.
/// An SSH signature: `string algorithm ‖ string signature` (RFC 4253 §6.6), as returned by
/// ssh-agent and carried in SSH protocols.
public struct SSHSignature: Sendable, Hashable {
    /// The signature format, e.g. `ssh-rsa`, `rsa-sha2-256`, `ssh-ed25519`, `ecdsa-sha2-nistp256`.
    public var algorithm: String
    /// The format-specific signature: the raw RSA signature, the 64-byte Ed25519
    /// signature, or for ECDSA the blob `mpint r ‖ mpint s`.
    public var rawSignature: [UInt8]

    /// A signature from its parts.
    /// - Parameters:
    ///   - algorithm: The signature format name.
    ///   - rawSignature: The format-specific signature bytes.
    public init(algorithm: String, rawSignature: [UInt8]) {
        self.algorithm = algorithm
        self.rawSignature = rawSignature
    }

    /// Parses a signature blob.
    /// - Parameter blob: `string algorithm ‖ string signature`, with nothing after it.
    /// - Throws: ``SSHKeyError/malformed(_:)`` when a field is truncated, the name is not
    ///   UTF-8, or bytes follow the signature.
    public init(blob: [UInt8]) throws {
        var reader = SSHWireReader(blob)
        guard let algorithm = try reader.readUTF8String() else {
            throw SSHKeyError.malformed("signature blob truncated in the algorithm name (\(blob.count) bytes)")
        }
        guard let raw = reader.readString() else {
            throw SSHKeyError.malformed("\(SSHPublicKey.printable(algorithm)) signature blob truncated in the signature")
        }
        guard reader.isAtEnd else {
            throw SSHKeyError.malformed("signature blob has \(reader.readableBytes) unexpected trailing bytes")
        }
        self.algorithm = algorithm
        self.rawSignature = raw
    }

    /// The signature blob, `string algorithm ‖ string signature`.
    public var blob: [UInt8] {
        var writer = SSHWireWriter()
        writer.writeString(algorithm)
        writer.writeString(rawSignature)
        return writer.bytes
    }
}
