// SPDX-License-Identifier: Apache-2.0
// "This test must only not crash" (NIOSSH FuzzResultTests): truncations, bit flips and random
// bytes through every parser. Every failure must be a CRTAuthError of an expected kind.

@testable import CRTAuth
import Foundation
import SSHKeys
import TestSupport
import Testing

@Suite("must not crash on malformed input")
struct MustNotCrashTests {
    /// Valid messages from the vectors, decoded.
    private func corpus() throws -> [[UInt8]] {
        let vectors = try Vectors.load()
        var messages: [[UInt8]] = []
        for flow in ["v1_known_user", "v0_known_user"] {
            for part in ["challenge", "response", "token"] {
                messages.append(try bytes(hex: try vectors.string("flows", flow, part, "hex")))
            }
        }
        messages.append(try bytes(hex: try vectors.string("flows", "v1_known_user", "request", "hex")))
        messages.append(try bytes(hex: try vectors.string("java_style_v1_token", "hex")))
        messages.append(try bytes(hex: try vectors.string("upstream_vectors", "v0_response_hex")))
        return messages
    }

    /// Variants: every truncation, single-byte flips at every position (bounded), and random bytes.
    private func variants() throws -> [[UInt8]] {
        var generator = SplitMix64(seed: 2024)
        var out: [[UInt8]] = []
        for message in try corpus() {
            for length in 0...message.count {
                out.append(Array(message.prefix(length)))
            }
            for index in message.indices {
                var flipped = message
                flipped[index] ^= UInt8.random(in: 1...255, using: &generator)
                out.append(flipped)
            }
            // Length fields set to huge values.
            for index in message.indices where [0xc4, 0xc5, 0xc6, 0xd9, 0xda, 0xdb].contains(message[index]) && index + 1 < message.count {
                var huge = message
                huge[index + 1] = 0xff
                out.append(huge)
            }
        }
        for _ in 0..<500 {
            let length = Int.random(in: 0..<200, using: &generator)
            var random = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if !random.isEmpty {
                random[0] = [0x01, 0x72, 0x76, 0x63, 0x74][Int.random(in: 0..<5, using: &generator)]
            }
            out.append(random)
        }
        return out
    }

    @Test("message parsers throw CRTAuthError.malformed or succeed")
    func parsers() throws {
        for input in try variants() {
            for parse in [
                { _ = try CRTChallenge(serialized: input) }, { _ = try CRTResponse(serialized: input) },
                { _ = try CRTToken(serialized: input) }, { _ = try CRTLegacyVerifiablePayload(serialized: input) },
                { _ = try CRTLegacyChallenge(serialized: input) }, { _ = try CRTLegacyResponse(serialized: input) },
                { _ = try CRTLegacyToken(serialized: input) },
            ] as [() throws -> Void] {
                do {
                    try parse()
                } catch let error as CRTAuthError {
                    #expect(error.kind == .malformed)
                }
            }
        }
    }

    @Test("server and client entry points fail with the expected kinds")
    func entryPoints() throws {
        let vectors = try Vectors.load()
        let key = try vectors.key("test")
        let server = try TestServers.legacy()
        for input in try variants() {
            let armoured = Base64URL.encode(input)
            do {
                let pending = try server.openResponse(armoured)
                _ = try pending.verify(keys: [key], now: Vectors.now)
            } catch let error as CRTAuthError {
                #expect([CRTAuthError.Kind.malformed, .authenticationFailed].contains(error.kind))
            }
            do {
                _ = try server.validateToken(armoured, now: Vectors.now)
            } catch let error as CRTAuthError {
                #expect([CRTAuthError.Kind.tokenInvalid, .tokenExpired].contains(error.kind))
            }
            do {
                let request = try CRTRequest.parse(headerValue: armoured)
                _ = try server.makeChallenge(for: request, keys: [key], host: nil, now: Vectors.now, uniqueData: Vectors.uniqueData)
            } catch let error as CRTAuthError {
                #expect([CRTAuthError.Kind.malformed, .authenticationFailed].contains(error.kind))
            }
            do {
                _ = try CRTAuthClientLogic.openChallenge(armoured, expectedServerName: Vectors.serverName)
            } catch let error as CRTAuthError {
                #expect([CRTAuthError.Kind.malformed, .serverNameMismatch].contains(error.kind))
            }
        }
    }

    @Test("armour-level garbage", arguments: ["", "=", "==", "====", "A", "AB", "ABC", "-", "%%%%", "é", "AXGj bm9h", "\u{0}\u{0}\u{0}\u{0}", "request:x"])
    func armourGarbage(input: String) throws {
        let server = try TestServers.v1()
        #expect(throws: CRTAuthError.self) { try server.openResponse(input) }
        #expect(throws: CRTAuthError.self) { try server.validateToken(input, now: Vectors.now) }
        _ = try? CRTRequest.parse(headerValue: input)
        _ = try? Base64URL.decode(input)
    }
}
