// SPDX-License-Identifier: Apache-2.0

import OTP
import Testing

/// Codes computed once with the real pyotp and pasted here as literals, so they are checked
/// even without the interop venv.
///
/// Produced with pyotp 2.12.0 (PyPI) on Python 3.11:
/// ```
/// python3 -m venv /tmp/pyotp-venv && /tmp/pyotp-venv/bin/pip install pyotp
/// /tmp/pyotp-venv/bin/python -c 'import pyotp, hashlib; print(pyotp.TOTP(SEED, **KW).at(TIME))'
/// ```
/// pyotp 2.12 refuses secrets under 112 bits, so the 16-character rows used a subclass of
/// `pyotp.TOTP` whose `byte_secret()` is pyotp 2.2.7's (pad with "=", `b32decode(casefold=True)`,
/// no length check); HMAC and truncation are pyotp's own.
@Suite("pyotp compatibility: recorded codes")
struct PyOTPLiteralTests {
    static let cases: [(seed: String, time: Int64, parameters: TOTPParameters, code: String)] = [
        ("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 1_700_000_000, .init(), "406058"),
        ("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 1_754_000_000, .init(), "943288"),
        ("jbswy3dpehpk3pxpjbswy3dpehpk3pxp", 1_600_000_015, .init(), "863150"),
        ("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 1_700_000_000, .init(algorithm: .sha256, digits: 8, period: 60), "92633517"),
        ("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", 1_700_000_000, .init(algorithm: .sha512, digits: 7), "8720184"),
        ("MRUXEYLVORUC243FMVSDCNA=", 1_700_000_000, .init(), "933925"),
        ("MRUXEYLVORUC243FMVSDCNA", 1_700_000_000, .init(), "933925"),
        ("mruxeylvoruc243fmvsdcna=", 1_700_000_000, .init(), "933925"),
        ("PZKBPTHDGSLZBKIZPZKBPTHDGSLZBKIZ", 1_234_567_890, .init(), "772742"),
        // Legacy 16-character (80-bit) seeds, pyotp 2.2.7 decoding.
        ("PZKBPTHDGSLZBKIZ", 1_700_000_000, .init(), "018355"),
        ("pzkbpthdgslzbkiz", 1_700_000_029, .init(), "991325"),
    ]

    @Test("codes match pyotp's for the recorded seeds and times", arguments: cases)
    func recorded(row: (seed: String, time: Int64, parameters: TOTPParameters, code: String)) throws {
        let secret = try OTPSecret(base32: row.seed)
        #expect(TOTP(secret: secret, parameters: row.parameters).code(atUnixTime: row.time) == row.code)
        #expect(TOTPVerifier(window: 0).verify(code: row.code, secret: secret, parameters: row.parameters, atUnixTime: row.time) != nil)
    }
}
