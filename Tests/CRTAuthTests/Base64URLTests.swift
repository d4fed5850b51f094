// SPDX-License-Identifier: Apache-2.0

@testable import CRTAuth
import TestSupport
import Testing

@Suite("base64url armour")
struct Base64URLTests {
    @Test("decodes like crtauth's Python decoder (vectors base64url_decoder_leniency)")
    func leniencyVectors() throws {
        let vectors = try Vectors.load()
        let cases = try vectors.array("base64url_decoder_leniency")
        #expect(cases.count == 7)
        for index in cases.indices {
            let input = try vectors.string("base64url_decoder_leniency", index, "input")
            let decoded = try vectors.dictionary("base64url_decoder_leniency", index, "decoded")
            if decoded["ok"] as? Bool == true {
                let expected = try bytes(hex: try #require(decoded["result"] as? String))
                #expect(try Base64URL.decode(input) == expected, "input \(input)")
            } else {
                #expect(throws: CRTAuthError.malformed("")) { try Base64URL.decode(input) }
            }
        }
    }

    @Test("encodes without padding in the URL alphabet")
    func encodesUnpadded() throws {
        #expect(Base64URL.encode([0x01, 0x71, 0xa3, 0x6e, 0x6f, 0x61]) == "AXGjbm9h")
        #expect(Base64URL.encode([0x01, 0x71, 0xbe, 0x6e, 0x6f]) == "AXG-bm8")
        #expect(Base64URL.encode([0xff]) == "_w")
        #expect(Base64URL.encode([]) == "")
    }

    @Test("round-trips every length and byte value")
    func roundTrip() throws {
        var generator = SplitMix64(seed: 1)
        for length in 0..<70 {
            let data = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(try Base64URL.decode(Base64URL.encode(data)) == data)
        }
    }

    @Test("stray characters are skipped, non-ASCII and one-extra-character inputs refused")
    func strayCharacters() throws {
        #expect(try Base64URL.decode("AXGj\nbm9h") == [0x01, 0x71, 0xa3, 0x6e, 0x6f, 0x61])
        #expect(try Base64URL.decode("AXGj.bm9h") == [0x01, 0x71, 0xa3, 0x6e, 0x6f, 0x61])
        // "jo.doe": len 6 → "jo.doe==" → 5 data characters: Python raises (the reference's HTTP 500).
        #expect(throws: CRTAuthError.malformed("")) { try Base64URL.decode("jo.doe") }
        #expect(throws: CRTAuthError.malformed("")) { try Base64URL.decode("AXGjbm9hé") }
        // A complete pad sequence ends the input, as in CPython's a2b_base64.
        #expect(try Base64URL.decode("AX==GjYW") == [0x01])
    }
}
