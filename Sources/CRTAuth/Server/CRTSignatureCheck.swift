// SPDX-License-Identifier: Apache-2.0
// How the response's signature field is read (PROTOCOL.md §6.4):
// - a non-RSA key: the field must be an SSH signature blob (`string algorithm, string signature`);
// - an RSA key: if the field parses completely as an SSH signature blob, it is verified as one
//   (ssh-rsa, rsa-sha2-256, rsa-sha2-512); otherwise, or if that fails, as a raw crtauth signature
//   (RSASSA-PKCS1-v1_5 with SHA-1, left-padded when one byte short).

import SSHKeys

/// Verifies the signature field of a response against one key.
enum CRTSignatureCheck {
    static func isValid(_ signature: [UInt8], over data: [UInt8], by key: SSHPublicKey) -> Bool {
        if looksLikeSSHSignatureBlob(signature), key.verify(sshSignature: signature, over: data) {
            return true
        }
        return key.type == .rsa && key.verifyCRTAuthRSASignature(signature, over: data)
    }

    /// RFC 4253 §6.6: `string format-identifier, string signature-blob`, consuming the field exactly,
    /// with a printable algorithm name of 1…64 bytes.
    static func looksLikeSSHSignatureBlob(_ bytes: [UInt8]) -> Bool {
        var reader = SSHWireReader(bytes)
        guard let name = reader.readString(), (1...64).contains(name.count),
            name.allSatisfy({ (0x21...0x7e).contains($0) }),
            reader.readString() != nil
        else { return false }
        return reader.isAtEnd
    }
}
