// SPDX-License-Identifier: Apache-2.0

// Keys made by the real ssh-keygen: parsing and fingerprints agree with OpenSSH.
import Foundation
import SSHKeys
import Testing

@Suite("ssh-keygen keys")
struct SSHKeygenMatrixTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var keygenType: String
        var bits: Int?
        var type: SSHKeyType
        var testDescription: String { "\(keygenType)\(bits.map { "-\($0)" } ?? "")" }
    }

    static let cases: [Case] = [
        Case(keygenType: "rsa", bits: 2048, type: .rsa),
        Case(keygenType: "rsa", bits: 3072, type: .rsa),
        Case(keygenType: "ed25519", bits: nil, type: .ed25519),
        Case(keygenType: "ecdsa", bits: 256, type: .ecdsaP256),
        Case(keygenType: "ecdsa", bits: 384, type: .ecdsaP384),
        Case(keygenType: "ecdsa", bits: 521, type: .ecdsaP521),
    ]

    @Test("a generated .pub parses, and its SHA256 fingerprint equals ssh-keygen -lf", arguments: cases)
    func parsesAndFingerprints(testCase: Case) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let line = try SSHKeygen.generate(type: testCase.keygenType, bits: testCase.bits, in: directory.url, name: "key", comment: "user@host with spaces")
        let key = try SSHPublicKey(openSSHLine: line)
        #expect(key.type == testCase.type)
        #expect(key.comment == "user@host with spaces")
        let pubPath = directory.url.appendingPathComponent("key.pub").path
        #expect(key.sha256Fingerprint == (try SSHKeygen.sha256Fingerprint(of: pubPath)))
        #expect(key.openSSHLine == line.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(key.crtauthFingerprint.count == 6)
        if testCase.type == .rsa {
            #expect(key.rsaModulusByteCount == (testCase.bits ?? 0) / 8)
        } else {
            #expect(key.rsaModulusByteCount == nil)
        }
        // Our printed line is understood by ssh-keygen too.
        let reprinted = directory.url.appendingPathComponent("reprinted.pub")
        try (key.openSSHLine + "\n").write(to: reprinted, atomically: true, encoding: .utf8)
        #expect(key.sha256Fingerprint == (try SSHKeygen.sha256Fingerprint(of: reprinted.path)))
    }

    @Test("a 1024-bit RSA key from ssh-keygen is refused, naming the bit count")
    func smallRSA() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let line = try SSHKeygen.generate(type: "rsa", bits: 1024, in: directory.url, name: "small", comment: "small")
        let error = try #require(throws: SSHKeyError.self) { try SSHPublicKey(openSSHLine: line) }
        #expect(error == .rsaKeyTooSmall(""))
        #expect(error.description.contains("1024"), "\(error)")
        let (keys, errors) = SSHPublicKey.parseMany(line)
        #expect(keys.isEmpty)
        #expect(errors.map(\.code) == [.rsaKeyTooSmall])
    }

    @Test("an authorized_keys file of every type parses completely")
    func authorizedKeysFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var text = "# generated\n"
        for (index, testCase) in Self.cases.enumerated() {
            let line = try SSHKeygen.generate(type: testCase.keygenType, bits: testCase.bits, in: directory.url, name: "k\(index)", comment: "k\(index)")
            text += (index % 2 == 0 ? #"command="echo hi, there",no-pty "# : "") + line + "\n"
        }
        let (keys, errors) = SSHPublicKey.parseMany(text)
        #expect(errors.isEmpty, "\(errors)")
        #expect(keys.map(\.type) == Self.cases.map(\.type))
        #expect(keys.map(\.comment) == Self.cases.indices.map { "k\($0)" })
    }
}
