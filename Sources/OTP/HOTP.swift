// SPDX-License-Identifier: Apache-2.0

import Crypto

/// HMAC-based one-time passwords (RFC 4226).
public enum HOTP {
    /// The code for one counter value.
    ///
    /// RFC 4226 §5.3: "Step 1: Generate an HMAC-SHA-1 value Let HS = HMAC-SHA-1(K,C) … Step 2:
    /// Generate a 4-byte string (Dynamic Truncation) … Step 3: Compute an HOTP value …
    /// D = Snum mod 10^Digit". The counter C is 8 bytes, big-endian (§5.1). RFC 6238 §1.2 allows
    /// HMAC-SHA-256 and HMAC-SHA-512 in place of HMAC-SHA-1.
    ///
    /// - Parameters:
    ///   - secret: The shared key K.
    ///   - counter: The moving factor C.
    ///   - algorithm: The HMAC hash function.
    ///   - digits: Code length; clamped to 1–10 (use 6–8).
    /// - Returns: The code as a zero-padded decimal string of `digits` characters.
    public static func code(secret: OTPSecret, counter: UInt64, algorithm: OTPAlgorithm = .sha1, digits: Int = 6) -> String {
        KeyedHOTP(secret: secret, algorithm: algorithm, digits: digits).code(counter: counter)
    }

    /// HS = HMAC(K, C) with C as 8 big-endian bytes (RFC 4226 §5.1, §5.3 step 1).
    static func mac(secret: OTPSecret, counter: UInt64, algorithm: OTPAlgorithm) -> [UInt8] {
        KeyedHOTP(secret: secret, algorithm: algorithm, digits: 6).mac(counter: counter)
    }

    /// Dynamic truncation (RFC 4226 §5.3 step 2, §5.4): the low 4 bits of the last byte pick an
    /// offset; the 31 low bits of the 4 bytes there are the result.
    static func truncate(_ mac: [UInt8]) -> UInt32 {
        guard let last = mac.last else { return 0 }
        let offset = Int(last & 0x0F)
        // The MAC is at least 20 bytes, so offset + 3 <= 18 is in range; guard anyway.
        guard offset + 3 < mac.count else { return 0 }
        return (UInt32(mac[offset] & 0x7F) << 24)
            | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
    }

    /// `value mod 10^digits`, left-padded with zeros to `digits` characters (RFC 4226 §5.3 step 3).
    static func format(_ value: UInt64, digits: Int) -> String {
        var modulus: UInt64 = 1
        for _ in 0..<digits { modulus *= 10 }
        let number = String(value % modulus)
        return String(repeating: "0", count: max(0, digits - number.count)) + number
    }
}
