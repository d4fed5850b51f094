// SPDX-License-Identifier: Apache-2.0

// Garbage in: every malformed key line, blob or signature gives an error, never a crash.
import Foundation
@testable import SSHKeys
import Testing

@Suite("malformed input")
struct MalformedInputTests {
    /// Lines that must not parse. This test must only not crash, and must throw.
    static let lines: [String] = [
        "", " ", "\t", "#", "ssh-rsa", "ssh-rsa ", "ssh-ed25519 !!!!", "ssh-ed25519 AAAA", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEb1NZJs7kcDO5XM1wNWyh55F/rdnsoSmODKRmoQwh5",
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEb1NZJs7kcDO5XM1wNWyh55F/rdnsoSmODKRmoQwh5lAA==",
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQAB", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAAQ==", "ssh-rsa AAAAB3NzaC1yc2E=",
        "ssh-rsa AAAAB3NzaC1yc2EAAAAB/wAAAAEB", "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAzODQ=",
        "\"", "\"\" \"\"", "a=\"b\\\" c", "hello world", "hello world foo", String(repeating: "A", count: 10_000),
        "ssh-rsa " + String(repeating: "A", count: 10_000), "\u{0}\u{1}\u{2}", "ssh-ed25519 \u{1F511}", "command=\"x\"",
        "//// ssh-ed25519", "AAAA AAAA AAAA", "ssh-ed25519\u{00A0}AAAAC3NzaC1lZDI1NTE5AAAAIEb1NZJs7kcDO5XM1wNWyh55F/rdnsoSmODKRmoQwh5l",
    ]

    @Test("malformed key lines throw an SSHKeyError", arguments: lines)
    func malformedLines(line: String) {
        #expect(throws: SSHKeyError.self) { try SSHPublicKey(openSSHLine: line) }
        #expect(SSHPublicKey.parseMany(line).keys.isEmpty)
    }

    @Test("every truncation of a valid key blob is refused, and trailing bytes too", arguments: SSHKeyType.allCases)
    func truncatedBlobs(type: SSHKeyType) throws {
        let blob = try TestKeyPair.generate(type).blob
        #expect(try SSHPublicKey(blob: blob).type == type)
        for length in 0..<blob.count {
            #expect(throws: SSHKeyError.self) { try SSHPublicKey(blob: Array(blob.prefix(length))) }
        }
        #expect(throws: SSHKeyError.malformed("")) { try SSHPublicKey(blob: blob + [0]) }
    }

    @Test("an ECDSA key with the wrong curve name or a point off the curve is refused")
    func ecdsaBlobs() throws {
        let good = try TestKeyPair.generate(.ecdsaP256).blob
        var reader = SSHWireReader(good)
        _ = reader.readString()
        _ = reader.readString()
        let pointBytes = reader.readString()
        var point = try #require(pointBytes)
        var wrongCurve = SSHWireWriter()
        wrongCurve.writeString("ecdsa-sha2-nistp256")
        wrongCurve.writeString("nistp384")
        wrongCurve.writeString(point)
        #expect(throws: SSHKeyError.malformed("")) { try SSHPublicKey(blob: wrongCurve.bytes) }
        point[point.count - 1] ^= 0x01
        var offCurve = SSHWireWriter()
        offCurve.writeString("ecdsa-sha2-nistp256")
        offCurve.writeString("nistp256")
        offCurve.writeString(point)
        #expect(throws: SSHKeyError.malformed("")) { try SSHPublicKey(blob: offCurve.bytes) }
    }

    @Test("RSA blobs with a negative, zero or huge exponent or a negative modulus are refused")
    func rsaBlobs() throws {
        let modulus = [UInt8](repeating: 0xC5, count: 256)
        func blob(e: [UInt8], n: [UInt8], mpint: Bool = true) -> [UInt8] {
            var writer = SSHWireWriter()
            writer.writeString("ssh-rsa")
            writer.writeString(e)
            writer.writeString(n)
            return writer.bytes
        }
        #expect(throws: SSHKeyError.malformed("")) { try SSHPublicKey(blob: blob(e: [0x81], n: [0] + modulus)) }
        #expect(throws: SSHKeyError.malformed("")) { try SSHPublicKey(blob: blob(e: [], n: [0] + modulus)) }
        #expect(throws: SSHKeyError.malformed("")) { try SSHPublicKey(blob: blob(e: [1] + [UInt8](repeating: 0, count: 9), n: [0] + modulus)) }
        #expect(throws: SSHKeyError.malformed("")) { try SSHPublicKey(blob: blob(e: [1, 0, 1], n: modulus)) }
        #expect(throws: SSHKeyError.malformed("")) { try SSHPublicKey(blob: blob(e: [2], n: [0] + modulus)) }
        #expect(throws: SSHKeyError.rsaKeyTooSmall("")) { try SSHPublicKey(blob: blob(e: [1, 0, 1], n: [0] + modulus.prefix(255))) }
        #expect(throws: SSHKeyError.malformed("")) { try SSHPublicKey(blob: blob(e: [1, 0, 1], n: [0x7f] + [UInt8](repeating: 0xff, count: 2100))) }
    }

    @Test("signature blobs that are garbage never verify", arguments: SSHKeyType.allCases)
    func garbageSignatures(type: SSHKeyType) throws {
        let key = try TestKeyPair.generate(type).publicKey()
        var generator = SystemRandomNumberGenerator()
        let garbage: [[UInt8]] = [[], [0], [0, 0, 0], [0xff, 0xff, 0xff, 0xff], [0, 0, 0, 7] + Array("ssh-rsa".utf8)]
            + (0..<50).map { _ in (0..<Int.random(in: 0..<600, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) } }
            + type.allowedSignatureAlgorithms.map { SSHSignature(algorithm: $0, rawSignature: [UInt8](repeating: 0xff, count: 600)).blob }
        for blob in garbage {
            #expect(!key.verify(sshSignature: blob, over: [1, 2, 3]))
        }
    }
}
