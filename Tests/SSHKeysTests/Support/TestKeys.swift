// SPDX-License-Identifier: Apache-2.0

// In-process key pairs of every supported type, made with swift-crypto, with their
// SSH blobs and SSH signature blobs built by hand from the RFCs.
import Crypto
import CryptoExtras
import Foundation
@testable import SSHKeys

/// A private key of any supported type that can produce SSH signature blobs.
struct TestKeyPair: Sendable {
    enum Private: Sendable {
        case rsa(_RSA.Signing.PrivateKey)
        case ed25519(Curve25519.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
        case p384(P384.Signing.PrivateKey)
        case p521(P521.Signing.PrivateKey)
    }

    let type: SSHKeyType
    let privateKey: Private

    /// A fresh key pair of `type` (RSA: 2048 bits).
    static func generate(_ type: SSHKeyType) throws -> TestKeyPair {
        switch type {
        case .rsa: TestKeyPair(type: type, privateKey: .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048)))
        case .ed25519: TestKeyPair(type: type, privateKey: .ed25519(Curve25519.Signing.PrivateKey()))
        case .ecdsaP256: TestKeyPair(type: type, privateKey: .p256(P256.Signing.PrivateKey()))
        case .ecdsaP384: TestKeyPair(type: type, privateKey: .p384(P384.Signing.PrivateKey()))
        case .ecdsaP521: TestKeyPair(type: type, privateKey: .p521(P521.Signing.PrivateKey()))
        }
    }

    /// The public-key blob, written independently of the parser under test.
    var blob: [UInt8] {
        var writer = SSHWireWriter()
        writer.writeString(type.rawValue)
        switch privateKey {
        case .rsa(let key):
            let primitives = try! key.publicKey.getKeyPrimitives()
            writer.writeUnsignedMPInt(Array(primitives.publicExponent))
            writer.writeUnsignedMPInt(Array(primitives.modulus))
        case .ed25519(let key):
            writer.writeString(Array(key.publicKey.rawRepresentation))
        case .p256(let key):
            writer.writeString("nistp256")
            writer.writeString(Array(key.publicKey.x963Representation))
        case .p384(let key):
            writer.writeString("nistp384")
            writer.writeString(Array(key.publicKey.x963Representation))
        case .p521(let key):
            writer.writeString("nistp521")
            writer.writeString(Array(key.publicKey.x963Representation))
        }
        return writer.bytes
    }

    /// The parsed public key.
    func publicKey() throws -> SSHPublicKey {
        try SSHPublicKey(blob: blob, comment: "test-\(type.rawValue)")
    }

    /// The raw signature of `algorithm` over `data` (for ECDSA: `mpint r ‖ mpint s`).
    func rawSignature(_ data: [UInt8], algorithm: String) throws -> [UInt8] {
        switch privateKey {
        case .rsa(let key):
            let signature: _RSA.Signing.RSASignature
            switch algorithm {
            case "rsa-sha2-256": signature = try key.signature(for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
            case "rsa-sha2-512": signature = try key.signature(for: SHA512.hash(data: data), padding: .insecurePKCS1v1_5)
            default: signature = try key.signature(for: Insecure.SHA1.hash(data: data), padding: .insecurePKCS1v1_5)
            }
            return Array(signature.rawRepresentation)
        case .ed25519(let key):
            return Array(try key.signature(for: data))
        case .p256(let key):
            return Self.ecdsaBlob(Array(try key.signature(for: data).rawRepresentation))
        case .p384(let key):
            return Self.ecdsaBlob(Array(try key.signature(for: data).rawRepresentation))
        case .p521(let key):
            return Self.ecdsaBlob(Array(try key.signature(for: data).rawRepresentation))
        }
    }

    /// The SSH signature blob `string algorithm ‖ string signature` over `data`.
    func sshSignature(_ data: [UInt8], algorithm: String? = nil) throws -> [UInt8] {
        let algorithm = algorithm ?? type.rawValue
        return SSHSignature(algorithm: algorithm, rawSignature: try rawSignature(data, algorithm: algorithm)).blob
    }

    /// `r ‖ s` (fixed width) → `mpint r ‖ mpint s` (RFC 5656 §3.1.2).
    static func ecdsaBlob(_ raw: [UInt8]) -> [UInt8] {
        let half = raw.count / 2
        var writer = SSHWireWriter()
        writer.writeUnsignedMPInt(raw[..<half])
        writer.writeUnsignedMPInt(raw[half...])
        return writer.bytes
    }
}
