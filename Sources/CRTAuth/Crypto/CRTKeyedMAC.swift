// SPDX-License-Identifier: Apache-2.0
// RFC 2104 §2: HMAC(K, m) = H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)). The inner hash state after
// absorbing K ⊕ ipad depends on the key only, so it is computed once per secret and copied for
// every message (swift-crypto's hash functions are value types).

import Crypto

/// One secret's HMAC-SHA256 and HMAC-SHA1 states, keyed once when the server starts.
///
/// Checking a token or a response costs one HMAC per configured secret; keying an HMAC
/// (deriving the padded keys and hashing the inner one) was most of that work.
struct CRTKeyedMAC: Sendable {
    private let keyedSHA256: HMAC<SHA256>
    private let keyedSHA1: HMAC<Insecure.SHA1>

    /// Keys both HMACs with `secret`.
    init(secret: [UInt8]) {
        let key = SymmetricKey(data: secret)
        keyedSHA256 = HMAC(key: key)
        keyedSHA1 = HMAC(key: key)
    }

    /// HMAC-SHA256 of `data` (v1 challenges and tokens).
    func sha256(_ data: [UInt8]) -> [UInt8] {
        var mac = keyedSHA256
        mac.update(data: data)
        return Array(mac.finalize())
    }

    /// HMAC-SHA1 of `data` (legacy v0 challenges and tokens).
    func sha1(_ data: [UInt8]) -> [UInt8] {
        var mac = keyedSHA1
        mac.update(data: data)
        return Array(mac.finalize())
    }
}
