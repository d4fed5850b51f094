// SPDX-License-Identifier: Apache-2.0

/// What a client puts in the response's signature field.
public enum CRTResponseSignature: Sendable, Hashable {
    /// A raw RSASSA-PKCS1-v1_5 SHA-1 signature: the second string of an ssh-agent `ssh-rsa` signature.
    /// Understood by every crtauth server.
    case rawRSA([UInt8])
    /// A complete SSH signature blob (`string algorithm, string signature`), as ssh-agent returns it.
    /// dirauth extension: needed for Ed25519/ECDSA keys and for RSA with `rsa-sha2-256/512`.
    case sshSignature([UInt8])

    var fieldBytes: [UInt8] {
        switch self {
        case .rawRSA(let bytes), .sshSignature(let bytes): bytes
        }
    }
}
