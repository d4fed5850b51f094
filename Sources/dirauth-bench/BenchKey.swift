// SPDX-License-Identifier: Apache-2.0
// One benchmark key pair: the private half signs crtauth challenges, the public half goes
// into the generated directory as an OpenSSH line.

import Crypto
import CryptoExtras
import Foundation
import SSHKeys

/// A private key of the pool, RSA-2048 or Ed25519, with its SSH public key.
struct BenchKey: @unchecked Sendable {
    /// The private key material.
    enum Material {
        case rsa(_RSA.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
    }

    let material: Material
    /// The public key as dirauthd parses it.
    let publicKey: SSHPublicKey

    /// Wraps a private key and derives its SSH public key.
    /// - Parameter material: The private key.
    /// - Throws: ``BenchError/failed(_:)`` when the public blob does not parse.
    init(_ material: Material) throws {
        self.material = material
        let blob: [UInt8]
        switch material {
        case .rsa(let key):
            // RFC 4253 §6.6: string "ssh-rsa", mpint e, mpint n.
            let primitives = try key.publicKey.getKeyPrimitives()
            var writer = SSHWireWriter()
            writer.writeString(Array("ssh-rsa".utf8))
            writer.writeUnsignedMPInt(Array(primitives.publicExponent))
            writer.writeUnsignedMPInt(Array(primitives.modulus))
            blob = writer.bytes
        case .ed25519(let key):
            // RFC 8709 §4: string "ssh-ed25519", string key (32 bytes).
            var writer = SSHWireWriter()
            writer.writeString(Array("ssh-ed25519".utf8))
            writer.writeString(Array(key.publicKey.rawRepresentation))
            blob = writer.bytes
        }
        do {
            publicKey = try SSHPublicKey(blob: blob, comment: "dirauth-bench")
        } catch {
            throw BenchError.failed("generated key does not parse as an SSH key: \(error)")
        }
    }

    /// The crtauth response signature over `data`: a raw RSASSA-PKCS1-v1_5 SHA-1 signature for
    /// RSA (what every crtauth client sends), an `ssh-ed25519` signature blob for Ed25519.
    /// - Parameter data: The bytes the challenge says to sign.
    /// - Throws: Errors of the crypto library.
    func crtauthSignature(over data: [UInt8]) throws -> (raw: Bool, bytes: [UInt8]) {
        switch material {
        case .rsa(let key):
            let signature = try key.signature(for: Insecure.SHA1.hash(data: data), padding: .insecurePKCS1v1_5)
            return (true, Array(signature.rawRepresentation))
        case .ed25519(let key):
            // RFC 8709 §6: string "ssh-ed25519", string signature (64 bytes).
            var writer = SSHWireWriter()
            writer.writeString(Array("ssh-ed25519".utf8))
            writer.writeString(Array(try key.signature(for: data)))
            return (false, writer.bytes)
        }
    }

    /// Is this an RSA key?
    var isRSA: Bool {
        if case .rsa = material { return true }
        return false
    }
}
