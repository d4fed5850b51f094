// SPDX-License-Identifier: Apache-2.0

import Testing

import DirAuthAPI
import DirAuthCore
@testable import DirAuthServer

@Suite("OTP request fields are trimmed like DRF's CharField")
struct OTPFieldTrimmingTests {
    /// Python's `str.strip()` (what DRF's `CharField` calls) removes Unicode white space at both ends.
    static let cases: [(submitted: String, trimmed: String)] = [
        ("828784", "828784"), (" 828784 ", "828784"), ("\t828784\r\n", "828784"), ("\u{00A0}name\u{3000}", "name"),
        ("\u{2028}\u{2029}x y\u{205F}", "x y"), ("a\u{0085}", "a"), ("   ", ""), ("", ""), ("ünïcödé  ", "ünïcödé"),
        ("e\u{0301} ", "e\u{0301}"),
        // U+200B ZERO WIDTH SPACE is not White_Space (Python keeps it; Foundation on Linux would strip it).
        ("\u{200B}x\u{200B}", "\u{200B}x\u{200B}"),
    ]

    @Test("Unicode White_Space goes at both ends, everything inside stays", arguments: cases)
    func trimming(example: (submitted: String, trimmed: String)) {
        #expect(OTPRequestFields.trimmed(example.submitted) == example.trimmed)
    }
}
