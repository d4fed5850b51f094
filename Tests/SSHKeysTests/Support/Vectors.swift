// SPDX-License-Identifier: Apache-2.0

// The crtauth reference vectors (Tests/CRTAuthTests/Vectors/crtauth-vectors.json).
import Foundation
import TestSupport

/// The parts of crtauth-vectors.json these tests use.
struct CRTAuthVectors: Decodable {
    struct Key: Decodable {
        var public_key: String
        var blob_hex_prefix: String
        var blob_sha1_hex: String
        var fingerprint_hex: String
        var exponent: Int
        var modulus_bytes: Int
        var private_key_pkcs1_pem: String?
    }

    struct ShortSignature: Decodable {
        var challenge_b64url: String
        var short_signature_hex: String
        var short_signature_length: Int
        var modulus_length: Int
    }

    var keys: [String: Key]
    var short_signature: ShortSignature

    static func load() throws -> CRTAuthVectors {
        let url = TestEnvironment.repositoryRoot.appendingPathComponent("Tests/CRTAuthTests/Vectors/crtauth-vectors.json")
        return try JSONDecoder().decode(CRTAuthVectors.self, from: Data(contentsOf: url))
    }
}

extension Array where Element == UInt8 {
    /// Bytes from lowercase or uppercase hex; `nil` for odd length or bad digits.
    init?(hex: String) {
        var bytes: [UInt8] = []
        var iterator = hex.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let h = high.hexDigitValue, let l = low.hexDigitValue else { return nil }
            bytes.append(UInt8(h * 16 + l))
        }
        self = bytes
    }

    /// Lowercase hex.
    var hex: String { map { String(format: "%02x", $0) }.joined() }
}

/// Decodes crtauth's base64url (no padding).
func base64URLDecode(_ text: String) -> [UInt8]? {
    var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while standard.count % 4 != 0 { standard += "=" }
    return Data(base64Encoded: standard).map { Array($0) }
}
