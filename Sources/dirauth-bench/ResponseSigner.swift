// SPDX-License-Identifier: Apache-2.0
// Pre-signed crtauth responses for the token-issuance scenario.
//
// PROTOCOL.md: challenges are stateless (HMAC with the server's secret), valid from
// `now - clock fudge` to `now + 20 s`, and single-use. The bench holds the same secret and
// server name as the dirauthd it measures, mints v1 challenges itself for a chosen time, signs them
// as a client would (RSA: raw PKCS#1 v1.5 SHA-1; Ed25519: an SSH signature blob, with the
// key-fingerprint request extension), and writes one armoured response per line.

import CRTAuth
import Crypto
import Foundation
import SSHKeys

/// Mints and signs crtauth responses in parallel.
struct ResponseSigner: Sendable {
    let server: CRTAuthServer
    let pool: KeyPool
    let serverName: String

    /// The armoured response of generated user `user` with the key of `kind`, for a challenge minted at `at`.
    /// - Parameters:
    ///   - user: The user number (`bench-u<user>`).
    ///   - rsa: RSA (no fingerprint extension) or Ed25519 (with it).
    ///   - at: The time the challenge claims to be issued at.
    /// - Throws: Errors of CRTAuth or the crypto library.
    func response(user: Int, rsa: Bool, at: Date) throws -> String {
        let key = rsa ? pool.rsaKey(ofUser: user) : pool.ed25519Key(ofUser: user)
        let request = CRTRequest(
            username: "bench-u\(user)", version: .v1, keyFingerprint: rsa ? nil : Array(SHA256.hash(data: key.publicKey.blob)))
        var random = SystemRandomNumberGenerator()
        let issued = try server.makeChallenge(
            for: request, keys: [pool.rsaKey(ofUser: user).publicKey, pool.ed25519Key(ofUser: user).publicKey],
            host: nil, now: at, using: &random)
        let challenge = try CRTAuthClientLogic.openChallenge(issued.challenge, expectedServerName: serverName)
        let signature = try key.crtauthSignature(over: challenge.dataToSign)
        return CRTAuthClientLogic.makeResponse(
            to: challenge, signature: signature.raw ? .rawRSA(signature.bytes) : .sshSignature(signature.bytes))
    }

    /// `count` responses for users `0..<users` in turn, signed on every core.
    /// - Parameters:
    ///   - count: How many.
    ///   - users: How many distinct users to cycle through.
    ///   - rsa: Key kind.
    ///   - at: The issue time of every challenge.
    /// - Throws: The first signing error.
    func responses(count: Int, users: Int, rsa: Bool, at: Date) throws -> [String] {
        let results = ResultSlots(count: count)
        let chunks = max(1, ProcessInfo.processInfo.activeProcessorCount * 4)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var index = chunk
            while index < count {
                do {
                    results.set(index, .success(try response(user: index % users, rsa: rsa, at: at)))
                } catch {
                    results.set(index, .failure(BenchError.failed("signing response \(index): \(error)")))
                }
                index += chunks
            }
        }
        return try results.values()
    }
}
