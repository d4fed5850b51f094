// SPDX-License-Identifier: Apache-2.0

// crtauth's reference keys, fingerprints and signatures.
import Crypto
import CryptoExtras
import Foundation
import SSHKeys
import Testing

@Suite("crtauth vectors")
struct CRTAuthVectorTests {
    @Test("the reference keys have crtauth's fingerprints", arguments: [
        ("test", "db65a2d4f910"), ("noa", "fba1ea6fd379"), ("java_fingerprint_test", "73f5d1e9b89b"),
    ])
    func fingerprints(name: String, expected: String) throws {
        let vector = try #require(try CRTAuthVectors.load().keys[name])
        let key = try SSHPublicKey(openSSHLine: vector.public_key)
        #expect(key.type == .rsa)
        #expect(key.crtauthFingerprint.hex == expected)
        #expect(key.crtauthFingerprint.hex == vector.fingerprint_hex)
        #expect(Insecure.SHA1.hash(data: key.blob).map { $0 }.hex == vector.blob_sha1_hex)
        #expect(key.blob.hex.hasPrefix(vector.blob_hex_prefix))
        #expect(key.rsaModulusByteCount == vector.modulus_bytes)
    }

    @Test("the e=35 key keeps its comment and prints back as the same line")
    func noaRoundTrip() throws {
        let vector = try #require(try CRTAuthVectors.load().keys["noa"])
        let key = try SSHPublicKey(openSSHLine: vector.public_key)
        #expect(key.comment == "noa@vader.local")
        #expect(key.openSSHLine == vector.public_key)
        #expect(try SSHPublicKey(openSSHLine: key.openSSHLine) == key)
    }

    @Test("a signature by the upstream test key verifies under crtauth's scheme, and not over other data")
    func upstreamKeySigns() throws {
        let vector = try #require(try CRTAuthVectors.load().keys["test"])
        let pem = try #require(vector.private_key_pkcs1_pem)
        let privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        let key = try SSHPublicKey(openSSHLine: vector.public_key)
        let data = Array("a crtauth challenge".utf8)
        let signature = Array(try privateKey.signature(for: Insecure.SHA1.hash(data: data), padding: .insecurePKCS1v1_5).rawRepresentation)
        #expect(signature.count == 256)
        #expect(key.verifyCRTAuthRSASignature(signature, over: data))
        #expect(!key.verifyCRTAuthRSASignature(signature, over: data + [0]))
        var tampered = signature
        tampered[100] ^= 0x01
        #expect(!key.verifyCRTAuthRSASignature(tampered, over: data))
        // The same raw signature wrapped as an `ssh-rsa` SSH signature blob.
        #expect(key.verify(sshSignature: SSHSignature(algorithm: "ssh-rsa", rawSignature: signature).blob, over: data))
        // …but not claimed as rsa-sha2-256.
        #expect(!key.verify(sshSignature: SSHSignature(algorithm: "rsa-sha2-256", rawSignature: signature).blob, over: data))
        // A different key does not accept it.
        let other = try SSHPublicKey(openSSHLine: try #require(try CRTAuthVectors.load().keys["noa"]).public_key)
        #expect(!other.verifyCRTAuthRSASignature(signature, over: data))
    }

    @Test("crtauth's 255-byte short signature verifies after left-padding")
    func shortSignature() throws {
        let vectors = try CRTAuthVectors.load()
        let vector = vectors.short_signature
        let key = try SSHPublicKey(openSSHLine: try #require(vectors.keys["test"]).public_key)
        let challenge = try #require(base64URLDecode(vector.challenge_b64url))
        let signature = try #require([UInt8](hex: vector.short_signature_hex))
        #expect(signature.count == vector.short_signature_length)
        #expect(key.rsaModulusByteCount == vector.modulus_length)
        #expect(key.verifyCRTAuthRSASignature(signature, over: challenge))
        #expect(key.verifyCRTAuthRSASignature([0] + signature, over: challenge))
        #expect(!key.verifyCRTAuthRSASignature([0, 0] + signature, over: challenge))
        #expect(!key.verifyCRTAuthRSASignature(signature, over: challenge.dropLast() + [0]))
        #expect(!key.verifyCRTAuthRSASignature([], over: challenge))
    }

    @Test("crtauth's scheme is refused for non-RSA keys")
    func nonRSA() throws {
        let pair = try TestKeyPair.generate(.ed25519)
        let key = try pair.publicKey()
        let data = Array("x".utf8)
        #expect(!key.verifyCRTAuthRSASignature(try pair.rawSignature(data, algorithm: "ssh-ed25519"), over: data))
        #expect(key.rsaModulusByteCount == nil)
    }
}
