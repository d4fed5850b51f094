// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §6.2: crtauth clients ask ssh-agent for an `ssh-rsa` signature (flags = 0) and
// send "its second string (the raw RSA signature)". Other algorithms only work with dirauthd, as blobs.

import SSHKeys

extension CRTResponseSignature {
    /// The most compatible signature field for an ssh-agent signature blob: the raw RSA signature
    /// for `ssh-rsa` (understood by every crtauth server), the whole blob for anything else.
    /// - Parameter blob: the signature blob from `SSH2_AGENT_SIGN_RESPONSE`
    ///   (`string algorithm, string signature`).
    /// - Returns: `.rawRSA` for a well-formed `ssh-rsa` blob, else `.sshSignature(blob)`.
    public static func fromAgentSignature(_ blob: [UInt8]) -> CRTResponseSignature {
        var reader = SSHWireReader(blob)
        guard CRTSignatureCheck.looksLikeSSHSignatureBlob(blob), reader.readString() == Array("ssh-rsa".utf8),
            let raw = reader.readString()
        else {
            return .sshSignature(blob)
        }
        return .rawRSA(raw)
    }
}
