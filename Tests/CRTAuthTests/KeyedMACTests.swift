// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import CRTAuth

@Suite("HMACs keyed once per secret")
struct KeyedMACTests {
    /// RFC 4231 §4.3, test case 2 (HMAC-SHA256) and RFC 2202 §3, test case 2 (HMAC-SHA1).
    @Test("a keyed MAC gives the RFC test vectors, for every message it is used on")
    func rfcVectors() {
        let keyed = CRTKeyedMAC(secret: Array("Jefe".utf8))
        let message = Array("what do ya want for nothing?".utf8)
        let sha256 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        let sha1 = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        for _ in 0..<3 {
            #expect(hex(keyed.sha256(message)) == sha256)
            #expect(hex(keyed.sha1(message)) == sha1)
        }
    }

    @Test("using a keyed MAC leaves no state behind: each message matches the one-shot HMAC")
    func noStateCarriesOver() {
        let secret = Array("a dirauth test secret".utf8)
        let keyed = CRTKeyedMAC(secret: secret)
        for message in [[UInt8](), [0x01], Array(repeating: 0xAB, count: 200), Array("token".utf8)] {
            #expect(keyed.sha256(message) == CRTMAC.sha256(key: secret, data: message))
            #expect(keyed.sha1(message) == CRTMAC.sha1(key: secret, data: message))
        }
    }
}
