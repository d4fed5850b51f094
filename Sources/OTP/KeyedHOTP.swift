// SPDX-License-Identifier: Apache-2.0

import Crypto

/// An HOTP secret with its HMAC keyed once, for the codes of several counters.
///
/// RFC 2104 §2: HMAC(K, C) = H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ C)); the padded keys and the inner
/// hash state after `K ⊕ ipad` depend on K only. A TOTP check with a window of ±3 steps computes
/// seven codes of one secret, so the keyed state is computed once and copied per counter
/// (swift-crypto's HMAC and hash functions are value types).
struct KeyedHOTP: Sendable {
    private enum KeyedMAC: Sendable {
        case sha1(HMAC<Insecure.SHA1>)
        case sha256(HMAC<SHA256>)
        case sha512(HMAC<SHA512>)
    }

    private let keyed: KeyedMAC
    /// The code length, clamped to 1–10.
    let digits: Int
    /// 10^digits (RFC 4226 §5.3 step 3: D = Snum mod 10^Digit).
    private let modulus: UInt64

    /// Keys the HMAC of `algorithm` with `secret`.
    init(secret: OTPSecret, algorithm: OTPAlgorithm, digits: Int) {
        let key = SymmetricKey(data: secret.bytes)
        switch algorithm {
        case .sha1: keyed = .sha1(HMAC(key: key))
        case .sha256: keyed = .sha256(HMAC(key: key))
        case .sha512: keyed = .sha512(HMAC(key: key))
        }
        self.digits = min(max(digits, 1), 10)
        var modulus: UInt64 = 1
        for _ in 0..<self.digits { modulus *= 10 }
        self.modulus = modulus
    }

    /// HS = HMAC(K, C) with C as 8 big-endian bytes (RFC 4226 §5.1, §5.3 step 1).
    func mac(counter: UInt64) -> [UInt8] {
        withUnsafeBytes(of: counter.bigEndian) { message in
            switch keyed {
            case .sha1(var mac):
                mac.update(data: message)
                return Array(mac.finalize())
            case .sha256(var mac):
                mac.update(data: message)
                return Array(mac.finalize())
            case .sha512(var mac):
                mac.update(data: message)
                return Array(mac.finalize())
            }
        }
    }

    /// The code of `counter` as a number (`Snum mod 10^Digit`), for comparing without formatting.
    func value(counter: UInt64) -> UInt64 {
        UInt64(HOTP.truncate(mac(counter: counter))) % modulus
    }

    /// The code of `counter` as a zero-padded decimal string of ``digits`` characters.
    func code(counter: UInt64) -> String {
        HOTP.format(value(counter: counter), digits: digits)
    }
}
