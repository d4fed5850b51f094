// SPDX-License-Identifier: Apache-2.0

// Signature verification: crtauth's raw RSA/SHA-1 scheme and SSH signature blobs.
import Crypto
import CryptoExtras
import Foundation

extension SSHPublicKey {
    // crtauth-protocol.md §6.2:
    //   Algorithm: RSASSA-PKCS1-v1_5, SHA-1 DigestInfo […] (raw RSA signature, no SSH
    //   string wrapper). Short signatures: Python's SingleKeySigner converts the RSA result
    //   int→bytes without left-padding, so ~1/256 signatures are one byte shorter than the
    //   modulus. → A Swift verifier should left-pad signatures shorter than the modulus
    //   with zero bytes before verifying.
    /// Verifies crtauth's signature scheme: a raw RSASSA-PKCS1-v1_5 signature with SHA-1
    /// over `data`, no SSH wrapper. Signatures shorter than the modulus are left-padded
    /// with zero bytes first (crtauth's Python signer emits them).
    ///
    /// - Parameters:
    ///   - signature: The raw RSA signature (at most the modulus length).
    ///   - data: The signed bytes (for crtauth, the complete challenge).
    /// - Returns: Whether the signature is valid; `false` for non-RSA keys and for
    ///   signatures longer than the modulus.
    public func verifyCRTAuthRSASignature(_ signature: [UInt8], over data: [UInt8]) -> Bool {
        guard case .rsa(let key, let modulusByteCount) = material else { return false }
        return Self.verifyRSA(key, modulusByteCount: modulusByteCount, signature: signature, digest: Insecure.SHA1.hash(data: data))
    }

    /// Verifies an SSH signature blob (`string algorithm ‖ string signature`) over `data`.
    ///
    /// Accepted algorithms: `ssh-rsa` (SHA-1), `rsa-sha2-256` and `rsa-sha2-512` (RFC 8332)
    /// for RSA keys; `ssh-ed25519` (RFC 8709) for Ed25519 keys; the key's own
    /// `ecdsa-sha2-nistp*` name (RFC 5656) for ECDSA keys.
    /// - Parameters:
    ///   - sshSignature: The signature blob, e.g. from an ssh-agent `SSH2_AGENT_SIGN_RESPONSE`.
    ///   - data: The signed bytes.
    /// - Returns: Whether the blob is well-formed, its algorithm is allowed for this key
    ///   type, and the signature is valid. Malformed input gives `false`.
    public func verify(sshSignature: [UInt8], over data: [UInt8]) -> Bool {
        guard let signature = try? SSHSignature(blob: sshSignature) else { return false }
        return (try? verify(signature, over: data)) ?? false
    }

    /// Verifies a parsed SSH signature over `data`, telling an unusable signature apart
    /// from an invalid one.
    /// - Parameters:
    ///   - signature: The signature, algorithm and raw bytes.
    ///   - data: The signed bytes.
    /// - Returns: Whether the signature is valid for `data` under this key.
    /// - Throws: ``SSHKeyError`` — `unsupportedSignatureAlgorithm` when the algorithm is not
    ///   allowed for this key's type, `malformed` when the raw signature has the wrong shape.
    public func verify(_ signature: SSHSignature, over data: [UInt8]) throws -> Bool {
        guard type.allowedSignatureAlgorithms.contains(signature.algorithm) else {
            throw SSHKeyError.unsupportedSignatureAlgorithm(
                "signature algorithm \(Self.printable(signature.algorithm)) is not allowed for \(type.rawValue) keys"
            )
        }
        let raw = signature.rawSignature
        switch material {
        case .rsa(let key, let modulusByteCount):
            // RFC 8332 §3: "rsa-sha2-256" / "rsa-sha2-512" use SHA-256 / SHA-512 with
            // RSASSA-PKCS1-v1_5; RFC 4253 §6.6 "ssh-rsa" uses SHA-1.
            //   string "rsa-sha2-256" / string rsa_signature_blob
            // OpenSSH's ssh_rsa_verify likewise left-pads a signature shorter than the modulus.
            guard raw.count <= modulusByteCount else {
                throw SSHKeyError.malformed("RSA signature is \(raw.count) bytes for a \(modulusByteCount)-byte modulus")
            }
            switch signature.algorithm {
            case "rsa-sha2-256":
                return Self.verifyRSA(key, modulusByteCount: modulusByteCount, signature: raw, digest: SHA256.hash(data: data))
            case "rsa-sha2-512":
                return Self.verifyRSA(key, modulusByteCount: modulusByteCount, signature: raw, digest: SHA512.hash(data: data))
            default:
                return Self.verifyRSA(key, modulusByteCount: modulusByteCount, signature: raw, digest: Insecure.SHA1.hash(data: data))
            }
        case .ed25519(let key):
            // RFC 8709 §6: string "ssh-ed25519" / string signature — the 64-octet
            // signature of RFC 8032 §5.1.6.
            guard raw.count == 64 else {
                throw SSHKeyError.malformed("ssh-ed25519 signature is \(raw.count) bytes; expected 64")
            }
            return key.isValidSignature(raw, for: data)
        case .p256(let key):
            let ecdsa = try P256.Signing.ECDSASignature(rawRepresentation: Self.ecdsaRawSignature(raw, type: type))
            return key.isValidSignature(ecdsa, for: data)
        case .p384(let key):
            let ecdsa = try P384.Signing.ECDSASignature(rawRepresentation: Self.ecdsaRawSignature(raw, type: type))
            return key.isValidSignature(ecdsa, for: data)
        case .p521(let key):
            let ecdsa = try P521.Signing.ECDSASignature(rawRepresentation: Self.ecdsaRawSignature(raw, type: type))
            return key.isValidSignature(ecdsa, for: data)
        }
    }

    /// RSASSA-PKCS1-v1_5 verification of `digest`, after left-padding a short signature
    /// to the modulus length.
    private static func verifyRSA<D: Digest>(_ key: _RSA.Signing.PublicKey, modulusByteCount: Int, signature: [UInt8], digest: D) -> Bool {
        guard !signature.isEmpty, signature.count <= modulusByteCount else { return false }
        let padded = [UInt8](repeating: 0, count: modulusByteCount - signature.count) + signature
        return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: padded), for: digest, padding: .insecurePKCS1v1_5)
    }

    // RFC 5656 §3.1.2:
    //   The ecdsa_signature_blob value has the following specific encoding:
    //      mpint    r
    //      mpint    s
    //   The hash function used is from the SHA-2 family […] based on the key size:
    //   b <= 256 → SHA-256; 256 < b <= 384 → SHA-384; 384 < b → SHA-512.
    // (swift-crypto's P256/P384/P521 `isValidSignature(_:for:)` hash with exactly these.)
    /// Converts `mpint r ‖ mpint s` into the fixed-width `r ‖ s` swift-crypto expects.
    /// - Throws: ``SSHKeyError/malformed(_:)`` for truncation, trailing bytes, negative or
    ///   oversized integers.
    static func ecdsaRawSignature(_ blob: [UInt8], type: SSHKeyType) throws -> [UInt8] {
        let width = type.ecdsaCoordinateByteCount ?? 0
        var reader = SSHWireReader(blob)
        guard let r = try reader.readUnsignedMPInt(), let s = try reader.readUnsignedMPInt() else {
            throw SSHKeyError.malformed("\(type.rawValue) signature truncated (\(blob.count) bytes)")
        }
        guard reader.isAtEnd else {
            throw SSHKeyError.malformed("\(type.rawValue) signature has \(reader.readableBytes) unexpected trailing bytes")
        }
        guard !r.isEmpty, !s.isEmpty, r.count <= width, s.count <= width else {
            throw SSHKeyError.malformed("\(type.rawValue) signature integers have unusable sizes (\(r.count), \(s.count) bytes)")
        }
        return [UInt8](repeating: 0, count: width - r.count) + r + [UInt8](repeating: 0, count: width - s.count) + s
    }
}
