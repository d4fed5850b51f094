// SPDX-License-Identifier: Apache-2.0

import OTP
import Testing

@Suite("TOTP verification window, replay and input normalisation")
struct TOTPVerifierTests {
    static let secret = OTPSecret(bytes: Array("12345678901234567890".utf8))
    static let parameters = TOTPParameters()
    static let now: Int64 = 1_700_000_015  // inside step 56,666,667
    static let totp = TOTP(secret: secret, parameters: parameters)
    static var currentStep: Int64 { totp.timeStep(atUnixTime: now) }

    static func code(offset: Int64) -> String {
        totp.code(forTimeStep: currentStep + offset)
    }

    @Test("default window accepts exactly ±1 step and returns the matched step",
          arguments: [Int64(-3), -2, -1, 0, 1, 2, 3])
    func defaultWindow(offset: Int64) {
        let result = TOTPVerifier().verify(code: Self.code(offset: offset), secret: Self.secret, parameters: Self.parameters, atUnixTime: Self.now)
        if abs(offset) <= 1 {
            #expect(result == Self.currentStep + offset)
        } else {
            #expect(result == nil)
        }
    }

    @Test("ungleich-compatible window accepts exactly ±3 steps", arguments: [Int64(-5), -4, -3, -2, 0, 2, 3, 4, 5])
    func ungleichWindow(offset: Int64) {
        let verifier = TOTPVerifier.ungleichCompatible
        #expect(verifier.window == 3)
        let result = verifier.verify(code: Self.code(offset: offset), secret: Self.secret, parameters: Self.parameters, atUnixTime: Self.now)
        #expect(result == (abs(offset) <= 3 ? Self.currentStep + offset : nil))
    }

    @Test("window edges in seconds: ±1 step at the first and last second of the current step")
    func edgesInSeconds() {
        let verifier = TOTPVerifier()
        let stepStart = Self.currentStep * 30
        let code = Self.totp.code(atUnixTime: stepStart)
        // Accepted throughout the previous, current and next step ...
        for time in [stepStart - 30, stepStart - 1, stepStart, stepStart + 29, stepStart + 30, stepStart + 59] {
            #expect(verifier.verify(code: code, secret: Self.secret, parameters: Self.parameters, atUnixTime: time) == Self.currentStep, "t=\(time)")
        }
        // ... and not one second outside them.
        for time in [stepStart - 31, stepStart + 60] {
            #expect(verifier.verify(code: code, secret: Self.secret, parameters: Self.parameters, atUnixTime: time) == nil, "t=\(time)")
        }
    }

    @Test("window 0 accepts the current step only; negative windows count as 0")
    func zeroWindow() {
        #expect(TOTPVerifier(window: -2).window == 0)
        let verifier = TOTPVerifier(window: 0)
        #expect(verifier.verify(code: Self.code(offset: 0), secret: Self.secret, parameters: Self.parameters, atUnixTime: Self.now) == Self.currentStep)
        #expect(verifier.verify(code: Self.code(offset: 1), secret: Self.secret, parameters: Self.parameters, atUnixTime: Self.now) == nil)
    }

    @Test("lastUsedStep rejects the same and earlier steps, accepts later ones")
    func replay() {
        let verifier = TOTPVerifier()
        let current = Self.currentStep
        let code = Self.code(offset: 0)
        let first = verifier.verify(code: code, secret: Self.secret, parameters: Self.parameters, atUnixTime: Self.now)
        #expect(first == current)
        // Replaying the same code once its step is recorded fails.
        #expect(verifier.verify(code: code, secret: Self.secret, parameters: Self.parameters, atUnixTime: Self.now, lastUsedStep: first) == nil)
        // An older code inside the window fails too.
        #expect(verifier.verify(code: Self.code(offset: -1), secret: Self.secret, parameters: Self.parameters, atUnixTime: Self.now, lastUsedStep: current) == nil)
        // The next step's code is still good.
        #expect(verifier.verify(code: Self.code(offset: 1), secret: Self.secret, parameters: Self.parameters, atUnixTime: Self.now, lastUsedStep: current) == current + 1)
        // A lastUsedStep in the past does not block the current code.
        #expect(verifier.verify(code: code, secret: Self.secret, parameters: Self.parameters, atUnixTime: Self.now, lastUsedStep: current - 1) == current)
    }

    @Test("surrounding whitespace is trimmed like DRF; full-width digits match after NFKC like pyotp")
    func normalisation() {
        let verifier = TOTPVerifier()
        let code = Self.code(offset: 0)
        for submitted in [" \(code) ", "\t\(code)\n", String(code.unicodeScalars.map { Character(Unicode.Scalar($0.value - 0x30 + 0xFF10)!) })] {
            #expect(verifier.verify(code: submitted, secret: Self.secret, parameters: Self.parameters, atUnixTime: Self.now) == Self.currentStep, "\(submitted.debugDescription)")
        }
    }

    @Test("malformed codes are rejected without trapping")
    func malformed() {
        let verifier = TOTPVerifier.ungleichCompatible
        let code = Self.code(offset: 0)
        let inputs = [
            "", " ", String(code.dropLast()), code + "0", "0" + code, "12a456", "-12345", "+12345", "12 456",
            "１２３", code + "\u{0}", String(repeating: "1", count: 10_000), "١٢٣٤٥٦", "12345６7",
            String(code.prefix(3)) + "\u{301}" + String(code.dropFirst(3)),
        ]
        for input in inputs {
            #expect(verifier.verify(code: input, secret: Self.secret, parameters: Self.parameters, atUnixTime: Self.now) == nil, "\(input.prefix(20).debugDescription)")
        }
        #expect(TOTPVerifier.normalize(code: "١٢٣٤٥٦", digits: 6) == nil)
        #expect(TOTPVerifier.normalize(code: " 012345 ", digits: 6) == Array("012345".utf8))
    }

    @Test("8-digit SHA-512 codes with a 60 s period verify; the 6-digit suffix does not")
    func otherParameters() {
        let parameters = TOTPParameters(algorithm: .sha512, digits: 8, period: 60)
        let totp = TOTP(secret: Self.secret, parameters: parameters)
        let code = totp.code(atUnixTime: Self.now)
        #expect(code.count == 8)
        let verifier = TOTPVerifier()
        #expect(verifier.verify(code: code, secret: Self.secret, parameters: parameters, atUnixTime: Self.now + 60) == totp.timeStep(atUnixTime: Self.now))
        #expect(verifier.verify(code: String(code.suffix(6)), secret: Self.secret, parameters: parameters, atUnixTime: Self.now) == nil)
        #expect(verifier.verify(code: code, secret: Self.secret, parameters: .init(digits: 8, period: 60), atUnixTime: Self.now) == nil)
    }

    @Test("a wrong secret is rejected")
    func wrongSecret() {
        let other = OTPSecret(bytes: Array("12345678901234567891".utf8))
        #expect(TOTPVerifier.ungleichCompatible.verify(code: Self.code(offset: 0), secret: other, parameters: Self.parameters, atUnixTime: Self.now) == nil)
    }
}
