// SPDX-License-Identifier: Apache-2.0

import Foundation
@testable import OTP
import Testing

/// The published test vectors of RFC 4226 (HOTP) and RFC 6238 (TOTP).
@Suite("RFC test vectors")
struct RFCVectorTests {
    /// RFC 4226 Appendix D: "The following test data uses the ASCII string
    /// "12345678901234567890" for the secret".
    static let rfc4226Secret = OTPSecret(bytes: Array("12345678901234567890".utf8))

    /// RFC 4226 Appendix D, table "Truncated": (count, hexadecimal, decimal, HOTP).
    static let rfc4226Truncated: [(counter: UInt64, hex: UInt32, decimal: UInt32, hotp: String)] = [
        (0, 0x4c93cf18, 1_284_755_224, "755224"),
        (1, 0x41397eea, 1_094_287_082, "287082"),
        (2, 0x082fef30, 137_359_152, "359152"),
        (3, 0x66ef7655, 1_726_969_429, "969429"),
        (4, 0x61c5938a, 1_640_338_314, "338314"),
        (5, 0x33c083d4, 868_254_676, "254676"),
        (6, 0x7256c032, 1_918_287_922, "287922"),
        (7, 0x04e5b397, 82_162_583, "162583"),
        (8, 0x2823443f, 673_399_871, "399871"),
        (9, 0x2679dc69, 645_520_489, "520489"),
    ]

    @Test("RFC 4226 Appendix D: HMAC-SHA-1 of counter 0 is the published value")
    func rfc4226IntermediateHMAC() {
        // RFC 4226 Appendix D, "Count 0 cc93cf18508d94934c64b65d8ba7667fb7cde4b0".
        let mac = HOTP.mac(secret: Self.rfc4226Secret, counter: 0, algorithm: .sha1)
        #expect(mac.map { String(format: "%02x", $0) }.joined() == "cc93cf18508d94934c64b65d8ba7667fb7cde4b0")
    }

    @Test("RFC 4226 Appendix D: dynamic truncation and 6-digit HOTP values for counters 0–9", arguments: rfc4226Truncated)
    func rfc4226(vector: (counter: UInt64, hex: UInt32, decimal: UInt32, hotp: String)) {
        let mac = HOTP.mac(secret: Self.rfc4226Secret, counter: vector.counter, algorithm: .sha1)
        #expect(HOTP.truncate(mac) == vector.hex)
        #expect(vector.hex == vector.decimal)
        #expect(HOTP.code(secret: Self.rfc4226Secret, counter: vector.counter) == vector.hotp)
    }

    /// RFC 6238 Appendix B: the seeds are the ASCII digits repeated to 20, 32 and 64 bytes
    /// (the errata-corrected keys; the reference code in Appendix A uses these lengths).
    static func rfc6238Secret(_ algorithm: OTPAlgorithm) -> OTPSecret {
        let length = switch algorithm {
        case .sha1: 20
        case .sha256: 32
        case .sha512: 64
        }
        let digits = Array("1234567890".utf8)
        return OTPSecret(bytes: (0..<length).map { digits[$0 % 10] })
    }

    /// RFC 6238 Appendix B, "Test Vectors" table (T0 = 0, X = 30, 8 digits): time, T, and the
    /// TOTP values for SHA1, SHA256, SHA512.
    static let rfc6238Table: [(time: Int64, step: Int64, sha1: String, sha256: String, sha512: String)] = [
        (59, 0x1, "94287082", "46119246", "90693936"),
        (1_111_111_109, 0x23523EC, "07081804", "68084774", "25091201"),
        (1_111_111_111, 0x23523ED, "14050471", "67062674", "99943326"),
        (1_234_567_890, 0x273EF07, "89005924", "91819424", "93441116"),
        (2_000_000_000, 0x3F940AA, "69279037", "90698825", "38618901"),
        (20_000_000_000, 0x27BC86AA, "65353130", "77737706", "47863826"),
    ]

    @Test("RFC 6238 Appendix B: 8-digit TOTP for SHA-1, SHA-256 and SHA-512", arguments: rfc6238Table)
    func rfc6238(row: (time: Int64, step: Int64, sha1: String, sha256: String, sha512: String)) {
        for (algorithm, expected) in [(OTPAlgorithm.sha1, row.sha1), (.sha256, row.sha256), (.sha512, row.sha512)] {
            let totp = TOTP(secret: Self.rfc6238Secret(algorithm), parameters: .init(algorithm: algorithm, digits: 8))
            #expect(totp.timeStep(atUnixTime: row.time) == row.step)
            #expect(totp.code(atUnixTime: row.time) == expected, "\(algorithm) at \(row.time)")
            #expect(totp.code(at: Date(timeIntervalSince1970: TimeInterval(row.time) + 0.999)) == expected)
        }
    }

    @Test("RFC 6238 §4.2: T uses the floor, a custom period and T0")
    func timeStepFloorAndEpoch() {
        let totp = TOTP(secret: Self.rfc4226Secret, parameters: .init(period: 60, t0: 100))
        #expect(totp.timeStep(atUnixTime: 100) == 0)
        #expect(totp.timeStep(atUnixTime: 159) == 0)
        #expect(totp.timeStep(atUnixTime: 160) == 1)
        #expect(totp.timeStep(atUnixTime: 99) == -1)
        #expect(totp.timeStep(atUnixTime: 40) == -1)
        #expect(totp.timeStep(atUnixTime: 39) == -2)
        // With T0 = 100 and X = 60, time 160 is step 1, whose HOTP value is RFC 4226's count 1.
        #expect(totp.code(atUnixTime: 160) == "287082")
    }

    @Test("out-of-range parameters never trap and are reported by validate()")
    func outOfRangeParameters() {
        let odd = TOTP(secret: Self.rfc4226Secret, parameters: .init(digits: 0, period: 0, t0: 0))
        #expect(odd.code(atUnixTime: 1).count == 1)
        #expect(TOTP(secret: Self.rfc4226Secret, parameters: .init(digits: 40)).code(atUnixTime: 0).count == 10)
        #expect(odd.timeStep(atUnixTime: .max) == .max)
        #expect(TOTP(secret: Self.rfc4226Secret).timeStep(atUnixTime: .min) < 0)
        #expect(throws: OTPError.invalidParameters()) { try TOTPParameters(digits: 5).validate() }
        #expect(throws: OTPError.invalidParameters()) { try TOTPParameters(digits: 9).validate() }
        #expect(throws: OTPError.invalidParameters()) { try TOTPParameters(period: 0).validate() }
        #expect(throws: OTPError.invalidParameters()) { try TOTPParameters(t0: -1).validate() }
        #expect(throws: Never.self) { try TOTPParameters(algorithm: .sha512, digits: 8, period: 60).validate() }
    }

    @Test("HOTP codes are zero-padded to the requested length")
    func zeroPadding() {
        // RFC 4226 Appendix D count 7 truncates to 82162583: 8 digits "82162583", 6 digits "162583".
        #expect(HOTP.code(secret: Self.rfc4226Secret, counter: 7, digits: 8) == "82162583")
        // 1111111109 with SHA-1 gives "07081804" (RFC 6238 Appendix B): a leading zero survives.
        let totp = TOTP(secret: Self.rfc6238Secret(.sha1), parameters: .init(digits: 8))
        #expect(totp.code(atUnixTime: 1_111_111_109).first == "0")
        #expect(HOTP.format(42, digits: 6) == "000042")
    }
}

@Suite("an HOTP secret keyed once")
struct KeyedHOTPTests {
    @Test("one keyed secret gives every RFC 4226 code, in any order of counters")
    func rfc4226WithOneKeyedSecret() {
        let keyed = KeyedHOTP(secret: RFCVectorTests.rfc4226Secret, algorithm: .sha1, digits: 6)
        for vector in RFCVectorTests.rfc4226Truncated.reversed() + RFCVectorTests.rfc4226Truncated {
            #expect(keyed.code(counter: vector.counter) == vector.hotp)
            #expect(keyed.value(counter: vector.counter) == UInt64(vector.decimal) % 1_000_000)
        }
    }

    @Test("one keyed secret per algorithm gives every RFC 6238 value", arguments: [OTPAlgorithm.sha1, .sha256, .sha512])
    func rfc6238WithOneKeyedSecret(algorithm: OTPAlgorithm) {
        let keyed = KeyedHOTP(secret: RFCVectorTests.rfc6238Secret(algorithm), algorithm: algorithm, digits: 8)
        for row in RFCVectorTests.rfc6238Table {
            let expected = switch algorithm {
            case .sha1: row.sha1
            case .sha256: row.sha256
            case .sha512: row.sha512
            }
            #expect(keyed.code(counter: UInt64(row.step)) == expected)
        }
    }
}
