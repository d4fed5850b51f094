// SPDX-License-Identifier: Apache-2.0

import OTP
import Testing

@Suite("OTPSecret generation and redaction")
struct OTPSecretTests {
    /// A deterministic generator, to see exactly which bytes `random(using:)` takes.
    struct CountingGenerator: RandomNumberGenerator {
        var state: UInt64 = 0
        mutating func next() -> UInt64 {
            state += 1
            return state &* 0x9E37_79B9_7F4A_7C15
        }
    }

    @Test("new secrets are 160 bits, 32 base32 characters, and differ")
    func randomSecrets() throws {
        let first = OTPSecret.random()
        let second = OTPSecret.random()
        #expect(first.bytes.count == 20)
        #expect(first.base32.count == 32)
        #expect(first.base32.allSatisfy { $0.isUppercase || ("2"..."7").contains($0) })
        #expect(first != second)
        #expect(try OTPSecret(base32: first.base32) == first)
    }

    @Test("random(byteCount:using:) draws from the injected generator")
    func injectedGenerator() {
        var a = CountingGenerator()
        var b = CountingGenerator()
        let one = OTPSecret.random(byteCount: 10, using: &a)
        let two = OTPSecret.random(byteCount: 10, using: &b)
        #expect(one == two)
        #expect(one.bytes.count == 10)
        #expect(one.base32.count == 16)
        var c = CountingGenerator()
        #expect(OTPSecret.random(byteCount: 0, using: &c).bytes.count == 1)
    }

    @Test("description, debugDescription, interpolation and dump never show the secret")
    func redaction() {
        let secret = OTPSecret(bytes: Array("12345678901234567890".utf8))
        #expect(secret.description == "OTPSecret(redacted)")
        #expect(secret.debugDescription == "OTPSecret(redacted)")
        #expect("\(secret)" == "OTPSecret(redacted)")
        #expect(String(reflecting: secret) == "OTPSecret(redacted)")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains(secret.base32))
        #expect(!dumped.contains("49"))  // "1" as a byte value
        #expect(Mirror(reflecting: secret).children.isEmpty)
    }

    @Test("OTPError compares by kind only and carries no secret")
    func errors() {
        #expect(OTPError.invalidBase32("position 3") == OTPError.invalidBase32("other"))
        #expect(OTPError.invalidBase32() != OTPError.emptySecret())
        do {
            _ = try OTPSecret(base32: "PZKBPTHDGSLZBKI0")
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("PZKB"))
            #expect(error.description.contains("invalid base32"))
        }
    }
}
