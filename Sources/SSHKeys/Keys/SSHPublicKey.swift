// SPDX-License-Identifier: Apache-2.0

// An SSH public key: the wire blob as found, its parsed key material, and a comment.
import Crypto
import CryptoExtras
import Foundation

/// A parsed and validated SSH public key of one of the ``SSHKeyType``s.
///
/// The ``blob`` is kept exactly as it was found (fingerprints hash it); the key material
/// inside is validated when the value is made, so a value of this type is always usable
/// for verification. Two keys are equal when their blobs are; the comment is ignored.
///
/// ```swift
/// let key = try SSHPublicKey(openSSHLine: "ssh-ed25519 AAAAC3Nza… alice@laptop")
/// key.sha256Fingerprint   // "SHA256:…"
/// ```
public struct SSHPublicKey: Sendable, Hashable {
    /// The key's type, as named inside its blob.
    public let type: SSHKeyType
    /// The public-key blob (RFC 4253 §6.6 "public key format"): the base64-decoded
    /// middle field of an OpenSSH key line.
    public let blob: [UInt8]
    /// The free-text comment of the key line (or agent identity), if any.
    public var comment: String?

    /// The parsed key, ready for verification.
    let material: Material

    /// The key material behind each supported type.
    enum Material: Sendable {
        case rsa(_RSA.Signing.PublicKey, modulusByteCount: Int)
        case ed25519(Curve25519.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)
        case p384(P384.Signing.PublicKey)
        case p521(P521.Signing.PublicKey)
    }

    /// Parses a public-key blob (RFC 4253 §6.6, RFC 8709 §4, RFC 5656 §3.1).
    ///
    /// - Parameters:
    ///   - blob: The wire-format key, starting with `string key-type`.
    ///   - comment: A comment to carry along (not part of the key).
    /// - Throws: ``SSHKeyError`` — `unsupportedKeyType` naming an unknown type,
    ///   `rsaKeyTooSmall` naming the bit count of a short RSA key, `malformed` otherwise
    ///   (truncated fields, trailing bytes, points not on the curve…).
    public init(blob: [UInt8], comment: String? = nil) throws {
        var reader = SSHWireReader(blob)
        guard let typeName = try reader.readUTF8String() else {
            throw SSHKeyError.malformed("key blob too short for its type name (\(blob.count) bytes)")
        }
        guard let type = SSHKeyType(rawValue: typeName) else {
            throw SSHKeyError.unsupportedKeyType("unsupported key type \(Self.printable(typeName)) (supported: \(Self.supportedNames))")
        }
        let material: Material
        switch type {
        case .rsa:
            material = try Self.readRSA(&reader)
        case .ed25519:
            material = try Self.readEd25519(&reader)
        case .ecdsaP256, .ecdsaP384, .ecdsaP521:
            material = try Self.readECDSA(&reader, type: type)
        }
        guard reader.isAtEnd else {
            throw SSHKeyError.malformed("\(typeName) key blob has \(reader.readableBytes) unexpected trailing bytes")
        }
        self.type = type
        self.blob = blob
        self.comment = comment
        self.material = material
    }

    /// The size of an RSA key's modulus in bytes (the length of its signatures), `nil`
    /// for other key types.
    public var rsaModulusByteCount: Int? {
        if case .rsa(_, let count) = material { return count }
        return nil
    }

    /// Keys are equal when their blobs are; comments are not compared.
    public static func == (lhs: SSHPublicKey, rhs: SSHPublicKey) -> Bool { lhs.blob == rhs.blob }

    /// Hashes the blob only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(blob) }

    // MARK: - Key formats

    /// The smallest RSA modulus accepted, in bits.
    static let minimumRSABits = 2048
    /// The largest RSA modulus accepted, in bits (OpenSSH's `SSHBUF_MAX_BIGNUM` limit).
    static let maximumRSABits = 16384

    // RFC 4253 §6.6:
    //   The "ssh-rsa" key format has the following specific encoding:
    //      string    "ssh-rsa"
    //      mpint     e
    //      mpint     n
    private static func readRSA(_ reader: inout SSHWireReader) throws -> Material {
        guard let e = try reader.readUnsignedMPInt() else {
            throw SSHKeyError.malformed("ssh-rsa key blob truncated in the exponent")
        }
        guard let n = try reader.readUnsignedMPInt() else {
            throw SSHKeyError.malformed("ssh-rsa key blob truncated in the modulus")
        }
        let bits = bitCount(n)
        guard bits >= minimumRSABits else {
            throw SSHKeyError.rsaKeyTooSmall("RSA key has \(bits) bits; at least \(minimumRSABits) are required")
        }
        guard bits <= maximumRSABits else {
            throw SSHKeyError.malformed("RSA key has \(bits) bits; at most \(maximumRSABits) are supported")
        }
        guard !e.isEmpty, e.count <= 8 else {
            throw SSHKeyError.malformed("RSA public exponent has an unusable size (\(e.count) bytes)")
        }
        do {
            let key = try _RSA.Signing.PublicKey(n: n, e: e)
            return .rsa(key, modulusByteCount: n.count)
        } catch {
            throw SSHKeyError.malformed("RSA key rejected by the crypto library (\(error))")
        }
    }

    // RFC 8709 §4:
    //   The "ssh-ed25519" key format has the following encoding:
    //      string "ssh-ed25519"
    //      string key
    //   Here, 'key' is the 32-octet public key described in [RFC8032], Section 5.1.5.
    private static func readEd25519(_ reader: inout SSHWireReader) throws -> Material {
        guard let key = reader.readString() else {
            throw SSHKeyError.malformed("ssh-ed25519 key blob truncated in the key")
        }
        guard key.count == 32 else {
            throw SSHKeyError.malformed("ssh-ed25519 key is \(key.count) bytes; expected 32")
        }
        do {
            return .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: key))
        } catch {
            throw SSHKeyError.malformed("ssh-ed25519 key rejected by the crypto library (\(error))")
        }
    }

    // RFC 5656 §3.1:
    //   The "ecdsa-sha2-*" key formats all have the following encoding:
    //      string   "ecdsa-sha2-[identifier]"
    //      byte[n]  ecc_key_blob
    //   The ecc_key_blob value has the following specific encoding:
    //      string   [identifier]
    //      string   Q
    //   The string [identifier] is the identifier of the elliptic curve domain parameters.
    //   Q is the public key encoded from an elliptic curve point into an octet string as
    //   defined in Section 2.3.3 of [SEC1]; point compression MAY be used.
    // OpenSSH only writes and accepts uncompressed points (0x04 ‖ X ‖ Y); so do we.
    private static func readECDSA(_ reader: inout SSHWireReader, type: SSHKeyType) throws -> Material {
        guard let curve = try reader.readUTF8String() else {
            throw SSHKeyError.malformed("\(type.rawValue) key blob truncated in the curve identifier")
        }
        guard curve == type.ecdsaCurveIdentifier else {
            throw SSHKeyError.malformed("\(type.rawValue) key blob names curve \(printable(curve))")
        }
        guard let point = reader.readString() else {
            throw SSHKeyError.malformed("\(type.rawValue) key blob truncated in the public point")
        }
        let coordinate = type.ecdsaCoordinateByteCount ?? 0
        guard point.count == 1 + 2 * coordinate, point.first == 0x04 else {
            throw SSHKeyError.malformed("\(type.rawValue) public point is not an uncompressed \(curve) point (\(point.count) bytes)")
        }
        do {
            switch type {
            case .ecdsaP256: return .p256(try P256.Signing.PublicKey(x963Representation: point))
            case .ecdsaP384: return .p384(try P384.Signing.PublicKey(x963Representation: point))
            default: return .p521(try P521.Signing.PublicKey(x963Representation: point))
            }
        } catch {
            throw SSHKeyError.malformed("\(type.rawValue) public point is not on the curve")
        }
    }

    /// The number of significant bits of a big-endian magnitude without leading zeros.
    static func bitCount(_ magnitude: [UInt8]) -> Int {
        guard let first = magnitude.first else { return 0 }
        return (magnitude.count - 1) * 8 + (8 - first.leadingZeroBitCount)
    }

    /// The supported type names, for error messages.
    static var supportedNames: String {
        SSHKeyType.allCases.map(\.rawValue).joined(separator: ", ")
    }

    /// `text` quoted and cut to a readable length, for error messages about input.
    static func printable(_ text: some StringProtocol) -> String {
        let cleaned = String(text.unicodeScalars.map { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7f ? " " : Character($0) })
        let cut = cleaned.count > 64 ? String(cleaned.prefix(64)) + "…" : cleaned
        return "\"\(cut)\""
    }
}
