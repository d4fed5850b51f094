// SPDX-License-Identifier: Apache-2.0

// The public-key algorithms dirauth accepts, named as in OpenSSH key lines and blobs.

/// A supported SSH public-key type; the raw value is the name used in key lines and
/// blobs (RFC 4253 §6.6, RFC 8709 §4, RFC 5656 §3.1).
public enum SSHKeyType: String, Sendable, CaseIterable {
    /// RSA (RFC 4253 §6.6); keys under 2048 bits are refused.
    case rsa = "ssh-rsa"
    /// Ed25519 (RFC 8709).
    case ed25519 = "ssh-ed25519"
    /// ECDSA over NIST P-256 with SHA-256 (RFC 5656).
    case ecdsaP256 = "ecdsa-sha2-nistp256"
    /// ECDSA over NIST P-384 with SHA-384 (RFC 5656).
    case ecdsaP384 = "ecdsa-sha2-nistp384"
    /// ECDSA over NIST P-521 with SHA-512 (RFC 5656).
    case ecdsaP521 = "ecdsa-sha2-nistp521"

    /// The signature algorithms (the first `string` of a signature blob) this key type
    /// may verify: `ssh-rsa`, `rsa-sha2-256` and `rsa-sha2-512` for RSA (RFC 8332),
    /// the type's own name otherwise.
    public var allowedSignatureAlgorithms: [String] {
        switch self {
        case .rsa: ["ssh-rsa", "rsa-sha2-256", "rsa-sha2-512"]
        default: [rawValue]
        }
    }

    /// The curve identifier inside an ECDSA key blob (RFC 5656 §6.1), `nil` for others.
    var ecdsaCurveIdentifier: String? {
        switch self {
        case .ecdsaP256: "nistp256"
        case .ecdsaP384: "nistp384"
        case .ecdsaP521: "nistp521"
        case .rsa, .ed25519: nil
        }
    }

    /// The byte length of one ECDSA coordinate or scalar, `nil` for others.
    var ecdsaCoordinateByteCount: Int? {
        switch self {
        case .ecdsaP256: 32
        case .ecdsaP384: 48
        case .ecdsaP521: 66
        case .rsa, .ed25519: nil
        }
    }
}
