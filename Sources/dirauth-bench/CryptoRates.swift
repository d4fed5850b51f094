// SPDX-License-Identifier: Apache-2.0
// This machine's rates for the primitives dirauthd's hot paths use, through swift-crypto
// (BoringSSL): RSA-2048 PKCS#1 v1.5 verify (SHA-1, as crtauth signs), Ed25519 verify,
// ECDSA P-256 verify, HMAC-SHA256 over 64 bytes (challenge and token MACs are of that order).

import Crypto
import CryptoExtras
import Foundation

/// Operations per second of each primitive, on 1 thread and on every core.
struct CryptoRates {
    let seconds: Double

    /// One operation to time.
    struct Operation: @unchecked Sendable {
        let name: String
        let run: () -> Bool
    }

    /// The four primitives with fixed inputs.
    /// - Throws: Errors of the crypto library while making the inputs.
    func operations() throws -> [Operation] {
        let message = Array(repeating: UInt8(0x5a), count: 120)
        let rsa = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        let rsaPublic = rsa.publicKey
        let rsaDigest = Insecure.SHA1.hash(data: message)
        let rsaSignature = try rsa.signature(for: rsaDigest, padding: .insecurePKCS1v1_5)
        let ed = Curve25519.Signing.PrivateKey()
        let edPublic = ed.publicKey
        let edSignature = try ed.signature(for: message)
        let p256 = P256.Signing.PrivateKey()
        let p256Public = p256.publicKey
        let p256Signature = try p256.signature(for: message)
        let hmacKey = SymmetricKey(data: Array(repeating: UInt8(7), count: 32))
        let hmacMessage = Array(repeating: UInt8(1), count: 64)
        return [
            Operation(name: "rsa2048_verify") { rsaPublic.isValidSignature(rsaSignature, for: Insecure.SHA1.hash(data: message), padding: .insecurePKCS1v1_5) },
            Operation(name: "ed25519_verify") { edPublic.isValidSignature(edSignature, for: message) },
            Operation(name: "p256_verify") { p256Public.isValidSignature(p256Signature, for: message) },
            Operation(name: "hmac_sha256_64B") { HMAC<SHA256>.authenticationCode(for: hmacMessage, using: hmacKey).byteCount == 32 },
        ]
    }

    /// Operations per second of `operation` on `threads` threads.
    /// - Parameters:
    ///   - operation: What to time.
    ///   - threads: How many threads run it at once.
    func rate(_ operation: Operation, threads: Int) -> Double {
        let counts = ResultCounts(count: threads)
        let start = DispatchTime.now().uptimeNanoseconds
        let budget = UInt64(seconds * 1e9)
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var count = 0
            var ok = true
            while DispatchTime.now().uptimeNanoseconds - start < budget {
                for _ in 0..<16 { ok = operation.run() && ok }
                count += 16
            }
            counts.set(thread, ok ? count : -1)
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let total = counts.total()
        return total < 0 ? -1 : Double(total) / elapsed
    }
}
