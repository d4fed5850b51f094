// SPDX-License-Identifier: Apache-2.0
// Fuzzes the OTP decoders that see untrusted text: base32 seeds (LDAP entries, admin requests,
// CLI input), submitted codes, and the otpauth:// URIs built from names and realms that callers
// choose. The first input byte picks the check (modulo the count), the rest is the input.
//
//  0  Base32.decode, decode(encode(bytes)) == bytes, and re-encoding a decoded seed is stable
//  1  OTPSecret(base32:): its base32 form decodes to the same secret
//  2  TOTPVerifier.normalize: nil or exactly `digits` ASCII digits; verify never traps
//  3  TOTP code generation with any parameters and time (documented never to trap)
//  4  OTPAuthURI.make: ASCII only, and the label percent-decodes to realm:name

import FuzzSupport
import OTP

/// The integer in up to 8 bytes at `offset` (missing bytes are 0).
func integer(_ bytes: [UInt8], at offset: Int) -> Int64 {
    var value: UInt64 = 0
    for index in offset..<(offset + 8) {
        value = value << 8 | UInt64(index < bytes.count ? bytes[index] : 0)
    }
    return Int64(bitPattern: value)
}

/// RFC 3986 percent-decoding (`%XX` only), or nil for a malformed escape or invalid UTF-8.
func percentDecode(_ text: Substring) -> String? {
    var out: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
        guard byte == UInt8(ascii: "%") else { out.append(byte); continue }
        guard let high = iterator.next(), let low = iterator.next(),
            let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
        else { return nil }
        out.append(value)
    }
    return String(validating: out, as: UTF8.self)
}

func check(_ input: FuzzInput) {
    let bytes = input.payload
    switch input.selector % 5 {
    case 0:
        precondition(try! Base32.decode(Base32.encode(bytes)) == bytes, "base32 round trip")
        if let decoded = try? Base32.decode(input.string) {
            precondition(try! Base32.decode(Base32.encode(decoded)) == decoded, "base32 re-encoding")
        }
    case 1:
        if let secret = try? OTPSecret(base32: input.string) {
            precondition(try! OTPSecret(base32: secret.base32) == secret, "seed round trip")
        }
    case 2:
        let digits = 6 + Int(input.selector / 5 % 3)
        if let code = TOTPVerifier.normalize(code: input.string, digits: digits) {
            precondition(code.count == digits && code.allSatisfy { (0x30...0x39).contains($0) }, "normalized code")
        }
        let verifier = TOTPVerifier(window: Int(input.selector / 15 % 4))
        _ = verifier.verify(
            code: input.string, secret: OTPSecret(bytes: [1, 2, 3]), parameters: .init(digits: digits),
            atUnixTime: integer(bytes, at: 0))
    case 3:
        let algorithm = OTPAlgorithm.allCases[Int(input.selector / 5 % 3)]
        let parameters = TOTPParameters(
            algorithm: algorithm, digits: Int(integer(bytes, at: 0)), period: Int(integer(bytes, at: 8)),
            t0: Int(integer(bytes, at: 16)))
        let secret = OTPSecret(bytes: Array(bytes.dropFirst(32)))
        let totp = TOTP(secret: secret, parameters: parameters)
        let time = integer(bytes, at: 24)
        let code = totp.code(atUnixTime: time)
        precondition(code.utf8.allSatisfy { (0x30...0x39).contains($0) }, "code is digits")
        _ = totp.code(forTimeStep: totp.timeStep(atUnixTime: time))
        _ = TOTPVerifier(window: 3).verify(code: code, secret: secret, parameters: parameters, atUnixTime: time)
    default:
        let (first, second) = input.pair
        let name = String(decoding: first, as: UTF8.self)
        let realm = String(decoding: second, as: UTF8.self)
        let uri = OTPAuthURI.make(name: name, realm: realm, secret: OTPSecret(bytes: [0xde, 0xad]), parameters: .init())
        precondition(uri.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7f }, "URI is printable ASCII")
        let prefix = "otpauth://totp/"
        precondition(uri.hasPrefix(prefix), "URI scheme")
        let label = uri.dropFirst(prefix.count).prefix { $0 != "?" }
        let parts = label.split(separator: ":", omittingEmptySubsequences: false)
        precondition(parts.count == 2, "one label separator")
        precondition(percentDecode(parts[0]) == realm && percentDecode(parts[1]) == name, "label round trip")
    }
}

fuzzMain { check(FuzzInput($0)) }
