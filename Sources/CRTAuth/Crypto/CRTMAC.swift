// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §6.1:
//   | message          | v0                                         | v1                                              |
//   | challenge        | HMAC-SHA1(secret, XDR Challenge payload)   | HMAC-SHA256(secret, msgpack bytes before hmac)  |
//   | token            | HMAC-SHA1(secret, XDR Token payload)       | HMAC-SHA256 (Java / PROTOCOL.md)                |
//   | fake fingerprint | Python: HMAC-SHA1(secret, username)[:6]    | Java: HMAC-SHA256(secret, utf8(username))[:6]   |
// "All MAC and signature comparisons are constant-time in both."

import Crypto

/// HMAC helpers and constant-time comparison.
enum CRTMAC {
    /// HMAC-SHA256(key, data).
    static func sha256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    /// HMAC-SHA1(key, data).
    static func sha1(key: [UInt8], data: [UInt8]) -> [UInt8] {
        Array(HMAC<Insecure.SHA1>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    /// Compares two byte strings in time that depends only on their lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices {
            difference |= a[index] ^ b[index]
        }
        return difference == 0
    }

    /// SHA-256(data).
    static func sha256Digest(_ data: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: data))
    }
}
