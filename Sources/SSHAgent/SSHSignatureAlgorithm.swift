// SPDX-License-Identifier: Apache-2.0

// The signature algorithms a client can ask ssh-agent for.
public import SSHKeys

/// A signature algorithm to request from ssh-agent; the raw value is the name in the
/// returned signature blob.
public enum SSHSignatureAlgorithm: String, Sendable, CaseIterable {
    /// RSA with SHA-1 (RFC 4253 §6.6); what crtauth uses (agent flags 0).
    case sshRSA = "ssh-rsa"
    /// RSA with SHA-256 (RFC 8332, agent flag `SSH_AGENT_RSA_SHA2_256`).
    case rsaSHA256 = "rsa-sha2-256"
    /// RSA with SHA-512 (RFC 8332, agent flag `SSH_AGENT_RSA_SHA2_512`).
    case rsaSHA512 = "rsa-sha2-512"
    /// Ed25519 (RFC 8709).
    case ed25519 = "ssh-ed25519"
    /// ECDSA P-256 with SHA-256 (RFC 5656).
    case ecdsaP256 = "ecdsa-sha2-nistp256"
    /// ECDSA P-384 with SHA-384 (RFC 5656).
    case ecdsaP384 = "ecdsa-sha2-nistp384"
    /// ECDSA P-521 with SHA-512 (RFC 5656).
    case ecdsaP521 = "ecdsa-sha2-nistp521"

    /// The key type's own algorithm: `ssh-rsa` (SHA-1, crtauth's choice) for RSA keys,
    /// the type's name for the others.
    /// - Parameter keyType: The key's type.
    public init(keyType: SSHKeyType) {
        switch keyType {
        case .rsa: self = .sshRSA
        case .ed25519: self = .ed25519
        case .ecdsaP256: self = .ecdsaP256
        case .ecdsaP384: self = .ecdsaP384
        case .ecdsaP521: self = .ecdsaP521
        }
    }

    /// Whether a key of `keyType` can make signatures of this algorithm.
    /// - Parameter keyType: The key's type.
    public func isAllowed(for keyType: SSHKeyType) -> Bool {
        keyType.allowedSignatureAlgorithms.contains(rawValue)
    }

    // draft-miller-ssh-agent §4.5.1 Signature flags:
    //   SSH_AGENT_RSA_SHA2_256  0x00000002
    //   SSH_AGENT_RSA_SHA2_512  0x00000004
    //   […] flags value of 0 […] for "ssh-rsa" keys means a SHA-1 signature.
    /// The `flags` field of `SSH_AGENTC_SIGN_REQUEST` that selects this algorithm.
    var agentFlags: UInt32 {
        switch self {
        case .rsaSHA256: 2
        case .rsaSHA512: 4
        default: 0
        }
    }
}
