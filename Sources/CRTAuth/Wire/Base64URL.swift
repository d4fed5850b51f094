// SPDX-License-Identifier: Apache-2.0
// The ASCII armour of every crtauth message.
//
// crtauth-protocol.md §2.1: "Encode: RFC 4648 §5 'base64url' alphabet (-, _), padding `=` stripped.
// Decode: Python re-adds `=` when len % 4 is 2 or 3, then base64.b64decode(s, "-_") — non-validating:
// padded input, the standard alphabet (+, /), and stray characters/whitespace are all accepted."
//
// crtauth/ssh.py `base64url_decode`:
//     if len(s) % 4 == 3: s += "="
//     elif len(s) % 4 == 2: s += "=="
//     return base64.b64decode(s, "-_")      # non-validating
//
// We reproduce CPython's non-strict `binascii.a2b_base64` exactly (vectors
// `base64url_decoder_leniency`): characters outside the alphabet (whitespace, `.`, …) are
// skipped; `-`/`_` and `+`/`/` both decode; a pad sequence that completes a quantum ends the
// input; a final quantum of one data character is an error ("cannot be 1 more than a
// multiple of 4"), and of two or three unpadded characters is "Incorrect padding" (cannot
// happen after the re-padding above unless stray characters shifted the count).
// Non-ASCII input is refused, as `b64decode` refuses non-ASCII `str`.

/// Unpadded base64url encoding and crtauth's lenient decoding.
public enum Base64URL {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// Encodes bytes as RFC 4648 §5 base64url without `=` padding.
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(alphabet[Int(n & 63)])
            index += 3
        }
        let rest = bytes.count - index
        if rest == 1 {
            let n = UInt32(bytes[index]) << 16
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
        } else if rest == 2 {
            let n = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The 6-bit value of an alphabet character (both URL-safe and standard), or nil.
    private static func value(of c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return c - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return c - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0") + 52
        case UInt8(ascii: "-"), UInt8(ascii: "+"): return 62
        case UInt8(ascii: "_"), UInt8(ascii: "/"): return 63
        default: return nil
        }
    }

    /// Decodes the way crtauth's Python `base64url_decode` does.
    /// - Parameter string: armoured text.
    /// - Throws: ``CRTAuthError/malformed(_:)`` for non-ASCII input or a length Python refuses.
    public static func decode(_ string: String) throws -> [UInt8] {
        var input = Array(string.utf8)
        guard input.allSatisfy({ $0 < 0x80 }) else {
            throw CRTAuthError.malformed("base64: non-ASCII character")
        }
        switch input.count % 4 {
        case 3: input.append(UInt8(ascii: "="))
        case 2: input.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "=")])
        default: break
        }
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 4 * 3)
        var quadPosition = 0
        var pads = 0
        var leftover: UInt8 = 0
        for c in input {
            if c == UInt8(ascii: "=") {
                if quadPosition >= 2 {
                    pads += 1
                    if quadPosition + pads >= 4 {
                        return out  // a complete pad sequence ends the input
                    }
                }
                continue
            }
            guard let v = value(of: c) else { continue }  // non-alphabet characters are skipped
            pads = 0
            switch quadPosition {
            case 0:
                leftover = v
                quadPosition = 1
            case 1:
                out.append(leftover << 2 | v >> 4)
                leftover = v & 0x0f
                quadPosition = 2
            case 2:
                out.append(leftover << 4 | v >> 2)
                leftover = v & 0x03
                quadPosition = 3
            default:
                out.append(leftover << 6 | v)
                leftover = 0
                quadPosition = 0
            }
        }
        switch quadPosition {
        case 0: return out
        case 1: throw CRTAuthError.malformed("base64: number of data characters cannot be 1 more than a multiple of 4")
        default: throw CRTAuthError.malformed("base64: incorrect padding")
        }
    }
}
