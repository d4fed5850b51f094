// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §6.2: crtauth clients ask ssh-agent for an `ssh-rsa` signature (flags = 0) and
// send "its second string (the raw RSA signature)". Other algorithms only work with dirauthd, as blobs.

extension CRTResponseSignature {
    /// The most compatible signature field for an ssh-agent signature blob: the raw RSA signature
    /// for `ssh-rsa` (understood by every crtauth server), the whole blob for anything else.
    /// - Parameter blob: the signature blob from `SSH2_AGENT_SIGN_RESPONSE`
    ///   (`string algorithm, string signature`).
    /// - Returns: `.rawRSA` for a well-formed `ssh-rsa` blob, else `.sshSignature(blob)`.
    public static func fromAgentSignature(_ blob: [UInt8]) -> CRTResponseSignature {
        guard CRTSignatureCheck.looksLikeSSHSignatureBlob(blob), blob.count >= 11,
            Array(blob[0..<11]) == [0, 0, 0, 7] + Array("ssh-rsa".utf8)
        else {
            return .sshSignature(blob)
        }
        return .rawRSA(Array(blob[15...]))
    }
}
