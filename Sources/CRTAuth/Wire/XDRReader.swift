// SPDX-License-Identifier: Apache-2.0
// The XDR subset of crtauth v0, read as Python's xdrlib does (crtauth-protocol.md §2.3):
// "xdrlib does not check pad bytes and ignores trailing data." Truncation is an error
// (xdrlib raises EOFError). Reads are transactional.

/// Reads XDR values from a byte array.
struct XDRReader {
    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// RFC 4506 §4.9: `count` bytes, then skip padding to a multiple of 4 (pad bytes unchecked).
    /// - Throws: ``CRTAuthError/malformed(_:)`` when truncated.
    mutating func readFixedOpaque(_ count: Int, _ field: String) throws -> [UInt8] {
        let padded = count + (4 - count % 4) % 4
        guard count >= 0, padded <= bytes.count - offset else {
            throw CRTAuthError.malformed("xdr: \(field): truncated")
        }
        let value = Array(bytes[offset..<(offset + count)])
        offset += padded
        return value
    }

    /// RFC 4506 §4.2: a 4-byte big-endian unsigned integer.
    /// - Throws: ``CRTAuthError/malformed(_:)`` when truncated.
    mutating func readUInt32(_ field: String) throws -> UInt32 {
        guard bytes.count - offset >= 4 else {
            throw CRTAuthError.malformed("xdr: \(field): truncated")
        }
        let value = UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
        offset += 4
        return value
    }

    /// RFC 4506 §4.10: a length-prefixed opaque value.
    /// - Throws: ``CRTAuthError/malformed(_:)`` when truncated.
    mutating func readOpaque(_ field: String) throws -> [UInt8] {
        let saved = offset
        let length = try readUInt32(field)
        guard Int(length) <= bytes.count - offset else {
            offset = saved
            throw CRTAuthError.malformed("xdr: \(field): declares \(length) bytes, \(bytes.count - offset) left")
        }
        do {
            return try readFixedOpaque(Int(length), field)
        } catch {
            offset = saved
            throw error
        }
    }

    /// RFC 4506 §4.11: a string, decoded as UTF-8.
    /// - Throws: ``CRTAuthError/malformed(_:)`` when truncated or not UTF-8.
    mutating func readUTF8(_ field: String) throws -> String {
        let saved = offset
        let raw = try readOpaque(field)
        guard let string = String(validating: raw, as: UTF8.self) else {
            offset = saved
            throw CRTAuthError.malformed("xdr: \(field): not UTF-8")
        }
        return string
    }
}
