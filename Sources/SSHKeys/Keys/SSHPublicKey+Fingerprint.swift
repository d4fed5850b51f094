// SPDX-License-Identifier: Apache-2.0

// Key fingerprints: crtauth's 6-byte one and OpenSSH's SHA256 one.
import Crypto
import Foundation

extension SSHPublicKey {
    // crtauth-protocol.md §6.3:
    //   `SHA-1(ssh-rsa public key blob)[0:6]`, where blob = `string "ssh-rsa" ‖ mpint e ‖
    //   mpint n` […] i.e. the base64-decoded middle field of an `id_rsa.pub` line.
    //   Python hashes the decoded blob as found in the file.
    /// crtauth's key fingerprint: the first 6 bytes of SHA-1 over the blob as found.
    ///
    /// crtauth only defines it for RSA keys; it is computed the same way for every type.
    public var crtauthFingerprint: [UInt8] {
        Array(Insecure.SHA1.hash(data: blob).prefix(6))
    }

    // ssh-keygen(1) -l, FingerprintHash sha256 (OpenSSH ≥ 6.8): "SHA256:" followed by the
    // standard base64 of SHA-256(blob) with the trailing '=' padding removed.
    /// OpenSSH's fingerprint as printed by `ssh-keygen -lf`, e.g. `SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8`.
    public var sha256Fingerprint: String {
        let encoded = Data(SHA256.hash(data: blob)).base64EncodedString()
        return "SHA256:" + encoded.prefix(while: { $0 != "=" })
    }
}
