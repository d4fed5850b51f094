// SPDX-License-Identifier: Apache-2.0

// Every key type signs and verifies; wrong keys, algorithms, data and shapes are refused.
import Foundation
@testable import SSHKeys
import Testing

@Suite("signature matrix")
struct SignatureMatrixTests {
    static let data = Array("the data to sign \u{1F511}".utf8)

    /// Every algorithm each key type may sign with.
    static let cases: [(SSHKeyType, String)] = SSHKeyType.allCases.flatMap { type in
        type.allowedSignatureAlgorithms.map { (type, $0) }
    }

    @Test("a signature verifies with its key and algorithm", arguments: cases)
    func verifies(type: SSHKeyType, algorithm: String) throws {
        let pair = try TestKeyPair.generate(type)
        let key = try pair.publicKey()
        let blob = try pair.sshSignature(Self.data, algorithm: algorithm)
        #expect(key.verify(sshSignature: blob, over: Self.data))
        let parsed = try SSHSignature(blob: blob)
        #expect(parsed.algorithm == algorithm)
        #expect(parsed.blob == blob)
        #expect(try key.verify(parsed, over: Self.data))
    }

    @Test("tampered data or a flipped signature bit is refused", arguments: cases)
    func tampered(type: SSHKeyType, algorithm: String) throws {
        let pair = try TestKeyPair.generate(type)
        let key = try pair.publicKey()
        let signature = try SSHSignature(blob: try pair.sshSignature(Self.data, algorithm: algorithm))
        #expect(!key.verify(sshSignature: signature.blob, over: Self.data + [0]))
        #expect(!key.verify(sshSignature: signature.blob, over: []))
        var flipped = signature
        flipped.rawSignature[flipped.rawSignature.count - 1] ^= 0x40
        #expect(!key.verify(sshSignature: flipped.blob, over: Self.data))
    }

    @Test("another key of the same type does not verify the signature", arguments: cases)
    func wrongKey(type: SSHKeyType, algorithm: String) throws {
        let signer = try TestKeyPair.generate(type)
        let other = try TestKeyPair.generate(type).publicKey()
        #expect(!other.verify(sshSignature: try signer.sshSignature(Self.data, algorithm: algorithm), over: Self.data))
    }

    @Test("a signature under another algorithm name is refused", arguments: cases)
    func wrongAlgorithm(type: SSHKeyType, algorithm: String) throws {
        let pair = try TestKeyPair.generate(type)
        let key = try pair.publicKey()
        let raw = try pair.rawSignature(Self.data, algorithm: algorithm)
        let others = ["ssh-rsa", "rsa-sha2-256", "rsa-sha2-512", "ssh-ed25519", "ecdsa-sha2-nistp256",
                      "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-dss", ""].filter { $0 != algorithm }
        for name in others {
            #expect(!key.verify(sshSignature: SSHSignature(algorithm: name, rawSignature: raw).blob, over: Self.data), "\(name)")
        }
        let foreign = others.first { !type.allowedSignatureAlgorithms.contains($0) } ?? "ssh-dss"
        #expect(throws: SSHKeyError.unsupportedSignatureAlgorithm("")) {
            try key.verify(SSHSignature(algorithm: foreign, rawSignature: raw), over: Self.data)
        }
    }

    @Test("a signature by a key of another type is refused", arguments: SSHKeyType.allCases)
    func crossType(type: SSHKeyType) throws {
        let key = try TestKeyPair.generate(type).publicKey()
        for otherType in SSHKeyType.allCases where otherType != type {
            let signer = try TestKeyPair.generate(otherType)
            #expect(!key.verify(sshSignature: try signer.sshSignature(Self.data), over: Self.data), "\(otherType)")
        }
    }

    @Test("every truncation of a signature blob is refused without crashing", arguments: cases)
    func truncated(type: SSHKeyType, algorithm: String) throws {
        let pair = try TestKeyPair.generate(type)
        let key = try pair.publicKey()
        let blob = try pair.sshSignature(Self.data, algorithm: algorithm)
        for length in 0..<blob.count {
            #expect(!key.verify(sshSignature: Array(blob.prefix(length)), over: Self.data))
        }
        #expect(!key.verify(sshSignature: blob + [0], over: Self.data))
        #expect(throws: SSHKeyError.malformed("")) { try SSHSignature(blob: blob + [0]) }
    }

    @Test("ECDSA signatures with bad integers are refused", arguments: [SSHKeyType.ecdsaP256, .ecdsaP384, .ecdsaP521])
    func ecdsaIntegers(type: SSHKeyType) throws {
        let pair = try TestKeyPair.generate(type)
        let key = try pair.publicKey()
        let raw = try pair.rawSignature(Self.data, algorithm: type.rawValue)
        var reader = SSHWireReader(raw)
        let rBytes = try reader.readUnsignedMPInt()
        let sBytes = try reader.readUnsignedMPInt()
        let r = try #require(rBytes)
        let s = try #require(sBytes)
        func blob(_ r: [UInt8], _ s: [UInt8]) -> [UInt8] {
            var writer = SSHWireWriter()
            writer.writeString(r)
            writer.writeString(s)
            return SSHSignature(algorithm: type.rawValue, rawSignature: writer.bytes).blob
        }
        var good = SSHWireWriter()
        good.writeUnsignedMPInt(r)
        good.writeUnsignedMPInt(s)
        #expect(key.verify(sshSignature: SSHSignature(algorithm: type.rawValue, rawSignature: good.bytes).blob, over: Self.data))
        // Redundant leading zeros are tolerated, as OpenSSH does.
        #expect(key.verify(sshSignature: blob([0, 0] + r, [0] + s), over: Self.data))
        // Negative, empty and oversized integers are not.
        #expect(!key.verify(sshSignature: blob([0xff] + r, s), over: Self.data))
        #expect(!key.verify(sshSignature: blob([], s), over: Self.data))
        #expect(!key.verify(sshSignature: blob([1] + [UInt8](repeating: 0, count: 70), s), over: Self.data))
    }

    @Test("RSA signatures longer than the modulus are refused; shorter ones are padded")
    func rsaLengths() throws {
        let pair = try TestKeyPair.generate(.rsa)
        let key = try pair.publicKey()
        let raw = try pair.rawSignature(Self.data, algorithm: "rsa-sha2-256")
        #expect(!key.verify(sshSignature: SSHSignature(algorithm: "rsa-sha2-256", rawSignature: [0] + raw).blob, over: Self.data))
        if raw.first == 0 {
            #expect(key.verify(sshSignature: SSHSignature(algorithm: "rsa-sha2-256", rawSignature: Array(raw.dropFirst())).blob, over: Self.data))
        }
        #expect(!key.verify(sshSignature: SSHSignature(algorithm: "rsa-sha2-256", rawSignature: []).blob, over: Self.data))
    }
}
