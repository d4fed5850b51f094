// SPDX-License-Identifier: Apache-2.0
// In-test keys of every supported type, made with swift-crypto, with hand-built SSH wire forms
// (RFC 4253 §6.6 ssh-rsa, RFC 8332 rsa-sha2-*, RFC 5656 §3.1 ecdsa-sha2-*, RFC 8709 ssh-ed25519).

import Crypto
import CryptoExtras
import Foundation
import SSHKeys

/// SSH wire encoding helpers (RFC 4251 §5).
enum SSHWire {
    static func string(_ bytes: [UInt8]) -> [UInt8] {
        let n = UInt32(bytes.count)
        return [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)] + bytes
    }

    static func string(_ text: String) -> [UInt8] { string(Array(text.utf8)) }

    static func mpint(_ magnitude: [UInt8]) -> [UInt8] {
        var bytes = Array(magnitude.drop { $0 == 0 })
        if let first = bytes.first, first & 0x80 != 0 {
            bytes.insert(0, at: 0)
        }
        return string(bytes)
    }
}

/// A private key that can sign the way ssh-agent does.
struct TestKey: @unchecked Sendable {
    enum Kind: String, CaseIterable, Sendable {
        case rsa, ed25519, p256, p384, p521
    }

    let kind: Kind
    let publicKey: SSHPublicKey
    private let signer: ([UInt8], String?) throws -> [UInt8]

    /// An SSH signature blob over `data` (for RSA: `rsa-sha2-256` unless another algorithm is named).
    func sshSignature(over data: [UInt8], rsaAlgorithm: String = "rsa-sha2-256") throws -> [UInt8] {
        try signer(data, rsaAlgorithm)
    }

    /// RSA only: a raw PKCS#1 v1.5 SHA-1 signature, as crtauth clients send.
    func rawRSASignature(over data: [UInt8]) throws -> [UInt8] {
        try signer(data, nil)
    }

    /// SHA-256 of the public-key blob: the request extension's fingerprint.
    var sha256: [UInt8] { Array(SHA256.hash(data: publicKey.blob)) }

    static func make(_ kind: Kind) throws -> TestKey {
        switch kind {
        case .ed25519:
            let key = Curve25519.Signing.PrivateKey()
            let blob = SSHWire.string("ssh-ed25519") + SSHWire.string(Array(key.publicKey.rawRepresentation))
            return TestKey(kind: kind, publicKey: try SSHPublicKey(blob: blob)) { data, _ in
                SSHWire.string("ssh-ed25519") + SSHWire.string(Array(try key.signature(for: data)))
            }
        case .p256:
            let key = P256.Signing.PrivateKey()
            return try ecdsa(kind, curve: "nistp256", point: Array(key.publicKey.x963Representation)) { data in
                Array(try key.signature(for: data).rawRepresentation)
            }
        case .p384:
            let key = P384.Signing.PrivateKey()
            return try ecdsa(kind, curve: "nistp384", point: Array(key.publicKey.x963Representation)) { data in
                Array(try key.signature(for: data).rawRepresentation)
            }
        case .p521:
            let key = P521.Signing.PrivateKey()
            return try ecdsa(kind, curve: "nistp521", point: Array(key.publicKey.x963Representation)) { data in
                Array(try key.signature(for: data).rawRepresentation)
            }
        case .rsa:
            let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let primitives = try key.publicKey.getKeyPrimitives()
            let blob = SSHWire.string("ssh-rsa") + SSHWire.mpint(Array(primitives.publicExponent)) + SSHWire.mpint(Array(primitives.modulus))
            return TestKey(kind: kind, publicKey: try SSHPublicKey(blob: blob)) { data, algorithm in
                let signature: _RSA.Signing.RSASignature
                switch algorithm {
                case "rsa-sha2-512"?: signature = try key.signature(for: SHA512.hash(data: data), padding: .insecurePKCS1v1_5)
                case "rsa-sha2-256"?: signature = try key.signature(for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
                default: signature = try key.signature(for: Insecure.SHA1.hash(data: data), padding: .insecurePKCS1v1_5)
                }
                let raw = Array(signature.rawRepresentation)
                guard let algorithm else { return raw }
                return SSHWire.string(algorithm) + SSHWire.string(raw)
            }
        }
    }

    private static func ecdsa(_ kind: Kind, curve: String, point: [UInt8], sign: @escaping ([UInt8]) throws -> [UInt8]) throws -> TestKey {
        let name = "ecdsa-sha2-" + curve
        let blob = SSHWire.string(name) + SSHWire.string(curve) + SSHWire.string(point)
        return TestKey(kind: kind, publicKey: try SSHPublicKey(blob: blob)) { data, _ in
            let raw = try sign(data)
            let half = raw.count / 2
            let inner = SSHWire.mpint(Array(raw[..<half])) + SSHWire.mpint(Array(raw[half...]))
            return SSHWire.string(name) + SSHWire.string(inner)
        }
    }

    private init(kind: Kind, publicKey: SSHPublicKey, signer: @escaping ([UInt8], String?) throws -> [UInt8]) {
        self.kind = kind
        self.publicKey = publicKey
        self.signer = signer
    }

    /// One key of each kind, made once per test process (RSA generation is slow).
    static let all: [Kind: TestKey] = {
        var keys: [Kind: TestKey] = [:]
        for kind in Kind.allCases {
            keys[kind] = try? make(kind)
        }
        return keys
    }()
}
