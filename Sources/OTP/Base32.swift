// SPDX-License-Identifier: Apache-2.0

/// RFC 4648 §6 base32 ("Base 32 Encoding", alphabet `A–Z2–7`, pad `=`), with the leniency
/// pyotp applies to OTP secrets.
///
/// pyotp decodes a secret with `base64.b32decode(secret + "=" * missing, casefold=True)`:
/// the text is padded with `=` up to a multiple of 8 characters, letters are case-folded, and
/// then Python's strict decoder runs. This type accepts exactly that language:
/// - letters in either case; digits `2–7`;
/// - optional trailing `=` padding (complete, partial or absent);
/// - the unpadded length must be a valid base32 length (remainder 0, 2, 4, 5 or 7 modulo 8,
///   which is Python's rule of 0, 1, 3, 4 or 6 padding characters);
/// - unused trailing bits of the last character are ignored, as Python does.
///
/// It rejects, like pyotp: whitespace anywhere, hyphens and other separators, `0`/`1`/`8`/`9`,
/// `=` before the end, and non-ASCII characters. (Authenticator apps sometimes display
/// secrets in groups of four; callers that want to accept such input must remove the
/// spaces themselves, deliberately.)
public enum Base32 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Encodes bytes as uppercase base32 without padding (the form authenticator apps expect).
    ///
    /// - Parameters:
    ///   - bytes: The bytes to encode.
    /// - Returns: `ceil(8·n/5)` characters from `A–Z2–7`.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((buffer >> UInt32(bits)) & 0x1F)])
            }
            buffer &= (1 << UInt32(bits)) - 1
        }
        if bits > 0 {
            output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 0x1F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes base32 text the way pyotp does (see the type's documentation for the rules).
    ///
    /// - Parameters:
    ///   - text: The base32 text.
    /// - Returns: The decoded bytes (possibly empty for empty input).
    /// - Throws: ``OTPError/invalidBase32(_:)`` for characters outside the alphabet, misplaced or
    ///   wrong-length padding, or an impossible length.
    public static func decode(_ text: String) throws(OTPError) -> [UInt8] {
        let input = Array(text.utf8)
        // Strip the trailing padding the caller supplied; pyotp then re-pads to a multiple of 8.
        var end = input.count
        while end > 0, input[end - 1] == UInt8(ascii: "=") { end -= 1 }
        let suppliedPadding = input.count - end
        // pyotp only adds padding when the length is not a multiple of 8; with the caller's own
        // padding the total length must then be consistent.
        let paddedLength = input.count % 8 == 0 ? input.count : input.count + (8 - input.count % 8)
        let padding = suppliedPadding + (paddedLength - input.count)
        // RFC 4648 §6: the final quantum has 0, 1, 3, 4 or 6 padding characters.
        guard [0, 1, 3, 4, 6].contains(padding) else {
            throw .invalidBase32("incorrect padding or length")
        }
        var output: [UInt8] = []
        output.reserveCapacity(end * 5 / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for index in 0..<end {
            let value: UInt8
            switch input[index] {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = input[index] - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = input[index] - UInt8(ascii: "a")
            case UInt8(ascii: "2")...UInt8(ascii: "7"): value = input[index] - UInt8(ascii: "2") + 26
            case UInt8(ascii: "="): throw .invalidBase32("padding before the end at position \(index)")
            default: throw .invalidBase32("character outside the base32 alphabet at position \(index)")
            }
            buffer = (buffer << 5) | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
                buffer &= (1 << UInt32(bits)) - 1
            }
        }
        // Leftover bits (< 8) are the unused tail of the last character; Python ignores them.
        return output
    }
}
