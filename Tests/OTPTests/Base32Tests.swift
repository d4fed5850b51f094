// SPDX-License-Identifier: Apache-2.0

@testable import OTP
import Testing

@Suite("Base32 (RFC 4648) as pyotp accepts it")
struct Base32Tests {
    /// RFC 4648 §10 "Test Vectors" for BASE32.
    static let rfc4648: [(plain: String, encoded: String)] = [
        ("", ""), ("f", "MY======"), ("fo", "MZXQ===="), ("foo", "MZXW6==="),
        ("foob", "MZXW6YQ="), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI======"),
    ]

    @Test("RFC 4648 §10 vectors decode with and without padding, and encode without it", arguments: rfc4648)
    func rfcVectors(vector: (plain: String, encoded: String)) throws {
        let bytes = Array(vector.plain.utf8)
        #expect(try Base32.decode(vector.encoded) == bytes)
        let unpadded = String(vector.encoded.prefix { $0 != "=" })
        #expect(try Base32.decode(unpadded) == bytes)
        #expect(try Base32.decode(unpadded.lowercased()) == bytes)
        #expect(Base32.encode(bytes) == unpadded)
    }

    @Test("legacy 16-character ungleich seeds decode to 80 bits and round-trip")
    func legacySeed() throws {
        let secret = try OTPSecret(base32: "PZKBPTHDGSLZBKIZ")
        #expect(secret.bytes.count == 10)
        #expect(secret.base32 == "PZKBPTHDGSLZBKIZ")
        #expect(try OTPSecret(base32: "pzkbpthdgslzbkiz") == secret)
        #expect(try OTPSecret(base32: "PzKbPtHdGsLzBkIz") == secret)
    }

    @Test("padding as pyotp handles it: partial padding is completed, impossible padding rejected")
    func padding() throws {
        // 14 bytes = 23 characters + one "=": padded, unpadded and lowercase all decode.
        let padded = "MRUXEYLVORUC243FMVSDCNA="
        let expected = Array("dirauth-seed14".utf8)
        #expect(try Base32.decode(padded) == expected)
        #expect(try Base32.decode("MRUXEYLVORUC243FMVSDCNA") == expected)
        #expect(try Base32.decode("mruxeylvoruc243fmvsdcna=") == expected)
        // pyotp appends "=" to a multiple of 8; "AB===" becomes "AB======", which is valid.
        #expect(try Base32.decode("AB===") == [0])
        // A whole 16-character quantum plus padding becomes eight "=" (Python: "Incorrect padding").
        #expect(throws: OTPError.invalidBase32()) { try Base32.decode("PZKBPTHDGSLZBKIZ======") }
        #expect(throws: OTPError.invalidBase32()) { try Base32.decode("ABCDEFGH=") }
        // Lengths that no byte count produces (1, 3, 6 characters mod 8).
        #expect(throws: OTPError.invalidBase32()) { try Base32.decode("A") }
        #expect(throws: OTPError.invalidBase32()) { try Base32.decode("ABC") }
        #expect(throws: OTPError.invalidBase32()) { try Base32.decode("ABCDEF") }
        #expect(throws: OTPError.invalidBase32()) { try Base32.decode("========") }
    }

    @Test("whitespace, hyphens, digits outside 2–7, inner padding and non-ASCII are rejected like pyotp",
          arguments: ["PZKB PTHD GSLZ BKIZ", "PZKB-PTHD-GSLZ-BKIZ", " PZKBPTHDGSLZBKIZ", "PZKBPTHDGSLZBKIZ\n",
                      "PZKBPTHDGSLZBKI0", "PZKBPTHDGSLZBKI1", "PZKBPTHDGSLZBKI8", "PZKB=THDGSLZBKIZ", "PZKBPTHDGSLZBKIÄ"])
    func rejects(text: String) {
        #expect(throws: OTPError.invalidBase32()) { try OTPSecret(base32: text) }
    }

    @Test("an empty seed is rejected")
    func empty() {
        #expect(throws: OTPError.emptySecret()) { try OTPSecret(base32: "") }
        #expect(throws: OTPError.invalidBase32()) { try OTPSecret(base32: "=") }
    }

    @Test("unused trailing bits are ignored, as Python's decoder does")
    func trailingBits() throws {
        // "MZ" and "M3" both carry the 8 bits of "f"; the second character's low bits differ.
        #expect(try Base32.decode("MZ") == Array("f".utf8))
        #expect(try Base32.decode("M7") == Array("g".utf8))
        #expect(try Base32.decode("MY") == Array("f".utf8))
    }

    @Test("encoding any byte string round-trips through decoding")
    func roundTrip() throws {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
            let encoded = Base32.encode(bytes)
            #expect(encoded.count == (length * 8 + 4) / 5)
            #expect(try Base32.decode(encoded) == bytes)
        }
    }
}
