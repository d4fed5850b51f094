// SPDX-License-Identifier: Apache-2.0

// OpenSSH key lines, authorized_keys options and multi-line values.
import Foundation
import SSHKeys
import Testing

@Suite("OpenSSH key lines")
struct OpenSSHLineTests {
    static let ed25519Line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEb1NZJs7kcDO5XM1wNWyh55F/rdnsoSmODKRmoQwh5l alice@laptop"

    @Test("a plain line keeps type, blob and a comment with spaces")
    func plain() throws {
        let key = try SSHPublicKey(openSSHLine: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEb1NZJs7kcDO5XM1wNWyh55F/rdnsoSmODKRmoQwh5l  Alice's key (work) \r")
        #expect(key.type == .ed25519)
        #expect(key.comment == "Alice's key (work)")
        #expect(key.blob.count == 51)
        #expect(key.openSSHLine == "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEb1NZJs7kcDO5XM1wNWyh55F/rdnsoSmODKRmoQwh5l Alice's key (work)")
    }

    @Test("a line without a comment has none and prints without a trailing space")
    func noComment() throws {
        let key = try SSHPublicKey(openSSHLine: "\tssh-ed25519\tAAAAC3NzaC1lZDI1NTE5AAAAIEb1NZJs7kcDO5XM1wNWyh55F/rdnsoSmODKRmoQwh5l")
        #expect(key.comment == nil)
        #expect(key.openSSHLine == "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEb1NZJs7kcDO5XM1wNWyh55F/rdnsoSmODKRmoQwh5l")
    }

    @Test("Unicode white space around the line and the comment is ignored (as in an LDAP value pasted from a web page)")
    func unicodeWhitespace() throws {
        let key = try SSHPublicKey(
            openSSHLine: "\u{00A0}ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEb1NZJs7kcDO5XM1wNWyh55F/rdnsoSmODKRmoQwh5l  laptop \u{3000}\r")
        #expect(key.comment == "laptop")
        let many = SSHPublicKey.parseMany("\u{2003}\n \u{00A0}# a comment\r\n\u{00A0}" + key.openSSHLine + "\u{2003}\n")
        #expect(many.keys == [key])
        #expect(many.errors.isEmpty)
    }

    @Test("authorized_keys options are skipped, including quoted values with spaces and commas", arguments: [
        #"command="echo a b",no-pty "#,
        #"no-pty,command="echo a b" "#,
        #"from="10.0.0.1, 10.0.0.2",environment="X=a \"quoted\" b" "#,
        #"restrict "#,
        #"cert-authority,principals="a,b" "#,
        #"command="ssh-rsa AAAA fake" "#,
    ])
    func options(prefix: String) throws {
        let key = try SSHPublicKey(openSSHLine: prefix + Self.ed25519Line)
        #expect(key.type == .ed25519)
        #expect(key.comment == "alice@laptop")
        #expect(key == (try SSHPublicKey(openSSHLine: Self.ed25519Line)))
    }

    @Test("an unterminated quote in the options is malformed")
    func unterminatedQuote() {
        #expect(throws: SSHKeyError.malformed("")) {
            try SSHPublicKey(openSSHLine: #"command="echo a b "# + Self.ed25519Line)
        }
    }

    @Test("unknown key types are refused with an error naming the type", arguments: [
        "ssh-dss AAAAB3NzaC1kc3MAAACBAP1/U4EddRIpUt9KnC7s5Of2EbdSPO9EAMMeP4C2USZpRV1AIlH7WT2NWPq/xfW6MPbLm1Vs14E7gB00b/JmYLdrmVClpJ+f6AR7ECLCT7up1/63xhv4O1fnxqimFQ8E+4P208UewwI1VBNaFpEy9nXzrith1yrv8iIDGZ3RSAHHAAAAFQCXYFCPFSMLzLKSuYKi64QL8Fgc9QAAAIEA9+GghdabPd7LvKtcNrhXuXmUr7v6OuqC+VdMCz0HgmdRWVeOutRZT+ZxBxCBgLRJFnEj6EwoFhO3zwkyjMim4TwWeotUfI0o4KOuHiuzpnWRbqN/C/ohNWLx+2J6ASQ7zKTxvqhRkImog9/hWuWfBpKLZl6Ae1UlZAFMO/7PSSoAAACBAPMjTDoq6yUUV4CrrXrBKH4HcX7Y0GMFN8xw1NSGgLuJhfT/uEXLtWAtq6yWHdPrP/yfMEfp78kFkQIaX3ef/WNFtdrwj2cxgwyr1G4g4J8u6TqZuTk1J2QoumWGfGs2kmRQI2p0kd5kS/N3wjCBbGnwXLuGmZHRDo0dTQRsr5Yv dsa@old",
        "no-pty ssh-dss AAAAB3NzaC1kc3MAAACBAP1 old",
        "ssh-ed25519-cert-v01@openssh.com AAAAIHNzaC1lZDI1NTE5LWNlcnQtdjAxQG9wZW5zc2guY29t cert",
        "sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29t sk",
    ])
    func unsupportedType(line: String) throws {
        let name = String(line.split(separator: " ").first { $0.hasPrefix("ssh-") || $0.hasPrefix("sk-") } ?? "")
        let error = try #require(throws: SSHKeyError.self) { try SSHPublicKey(openSSHLine: line) }
        #expect(error.code == .unsupportedKeyType)
        #expect(error.description.contains(name), "\(error)")
    }

    @Test("the type named in the line must match the blob's type")
    func typeMismatch() {
        #expect(throws: SSHKeyError.malformed("")) {
            try SSHPublicKey(openSSHLine: "ecdsa-sha2-nistp256 AAAAC3NzaC1lZDI1NTE5AAAAIEb1NZJs7kcDO5XM1wNWyh55F/rdnsoSmODKRmoQwh5l x")
        }
        #expect(throws: SSHKeyError.malformed("")) {
            try SSHPublicKey(openSSHLine: "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIEb1NZJs7kcDO5XM1wNWyh55F/rdnsoSmODKRmoQwh5l x")
        }
    }

    @Test("several keys per value: blank lines and comments skipped, bad lines reported with their number")
    func parseMany() throws {
        let vectors = try CRTAuthVectors.load()
        let rsa = try #require(vectors.keys["test"]).public_key
        let text = """
            # alice's keys

            \(rsa)\r
            no-pty \(Self.ed25519Line)
              # indented comment
            ssh-dss AAAAB3NzaC1kc3MAAACBAP1 old
            garbage
            \(try #require(vectors.keys["noa"]).public_key)
            """
        let (keys, errors) = SSHPublicKey.parseMany(text)
        #expect(keys.map(\.type) == [.rsa, .ed25519, .rsa])
        #expect(keys.map(\.crtauthFingerprint.hex) == ["db65a2d4f910", keys[1].crtauthFingerprint.hex, "fba1ea6fd379"])
        #expect(errors.map(\.code) == [.unsupportedKeyType, .malformed])
        #expect(errors.first?.description.hasPrefix("line 6:") == true, "\(errors)")
        #expect(errors.last?.description.hasPrefix("line 7:") == true, "\(errors)")
        #expect(SSHPublicKey.parseMany("").keys.isEmpty)
        #expect(SSHPublicKey.parseMany("\n\n# only comments\n").errors.isEmpty)
    }

    @Test("keys compare by blob, not by comment")
    func equality() throws {
        var a = try SSHPublicKey(openSSHLine: Self.ed25519Line)
        let b = a
        a.comment = "someone else"
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
    }
}
