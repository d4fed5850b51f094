// SPDX-License-Identifier: Apache-2.0

import Foundation

extension TOTPVerifier {
    /// The longest submitted code that is normalised at all; longer input is rejected before
    /// Unicode processing (pyotp bounds its comparison input the same way, at 1024 code points).
    public static let maximumSubmittedLength = 64

    /// Normalises a submitted code the way ungleich-otp's stack did, or rejects it.
    ///
    /// DRF's `CharField` trims surrounding whitespace (`" 123456 "` was accepted), and pyotp's
    /// `strings_equal` compares NFKC-normalised strings (so full-width digits match). After both,
    /// the code must be exactly `digits` ASCII digits.
    ///
    /// - Parameters:
    ///   - code: The code as submitted.
    ///   - digits: The expected length.
    /// - Returns: The code's ASCII digit bytes, or `nil` when it is malformed.
    public static func normalize(code: String, digits: Int) -> [UInt8]? {
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        // The usual case, already exactly `digits` ASCII digits, needs neither trimming nor NFKC.
        if code.utf8.count == digits, code.utf8.allSatisfy(isDigit) { return Array(code.utf8) }
        guard code.utf8.count <= maximumSubmittedLength * 4, code.count <= maximumSubmittedLength else { return nil }
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        let normalized = trimmed.precomposedStringWithCompatibilityMapping
        let bytes = Array(normalized.utf8)
        guard bytes.count == digits, bytes.allSatisfy(isDigit) else {
            return nil
        }
        return bytes
    }
}
