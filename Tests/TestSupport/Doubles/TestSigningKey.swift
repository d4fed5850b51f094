// SPDX-License-Identifier: Apache-2.0

public import CRTAuth
public import Crypto
public import SSHKeys

/// An Ed25519 key that signs crtauth challenges the way ssh-agent does (RFC 8709 blobs, RFC 4251
/// §5 `string` framing), for tests that log in without an agent.
public struct TestSigningKey: Sendable {
    /// The private key.
    public let privateKey = Curve25519.Signing.PrivateKey()

    /// Creates a fresh key.
    public init() {}

    /// The public key as the directory holds it.
    public var publicKey: SSHPublicKey {
        get throws {
            var writer = SSHWireWriter()
            writer.writeString("ssh-ed25519")
            writer.writeString(Array(privateKey.publicKey.rawRepresentation))
            return try SSHPublicKey(blob: writer.bytes)
        }
    }

    /// Signs `data` into an SSH signature blob.
    /// - Parameter data: What the challenge asks to be signed.
    public func sign(_ data: [UInt8]) throws -> CRTResponseSignature {
        var writer = SSHWireWriter()
        writer.writeString("ssh-ed25519")
        writer.writeString(Array(try privateKey.signature(for: data)))
        return .sshSignature(writer.bytes)
    }
}
