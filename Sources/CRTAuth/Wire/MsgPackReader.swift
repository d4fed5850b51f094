// SPDX-License-Identifier: Apache-2.0
// The msgpack subset crtauth v1 reads (msgpack spec, "formats"; crtauth-protocol.md §2.2):
// "Decoders must accept every string form (fixstr/str8/str16/str32) and every unsigned int form."
// Python's unpacker hands both str and bin back as bytes and only checks the Python type, so
// byte and string fields accept either family here too.
//
// Reads are transactional: a failed read throws and leaves `offset` where it was.

/// Reads msgpack values from a byte array, refusing truncated input.
struct MsgPackReader {
    private let bytes: [UInt8]
    /// The index of the next unread byte.
    private(set) var offset: Int

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    /// Number of unread bytes.
    var remaining: Int { bytes.count - offset }

    /// Whether every byte has been read.
    var isAtEnd: Bool { offset >= bytes.count }

    /// The next byte without consuming it.
    func peekByte() -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    /// The bytes read so far.
    var consumed: [UInt8] { Array(bytes[0..<offset]) }

    /// Reads a positive fixint or uint 8/16/32/64.
    /// - Parameter field: the field name for diagnostics.
    /// - Throws: ``CRTAuthError/malformed(_:)`` on another type or truncation.
    mutating func readUInt(_ field: String) throws -> UInt64 {
        var cursor = offset
        let header = try byte(at: &cursor, field)
        let value: UInt64
        switch header {
        case 0x00...0x7f: value = UInt64(header)
        case 0xcc: value = try bigEndian(at: &cursor, byteCount: 1, field)
        case 0xcd: value = try bigEndian(at: &cursor, byteCount: 2, field)
        case 0xce: value = try bigEndian(at: &cursor, byteCount: 4, field)
        case 0xcf: value = try bigEndian(at: &cursor, byteCount: 8, field)
        default:
            throw CRTAuthError.malformed("msgpack: \(field): expected an unsigned integer, found type byte 0x\(hex(header))")
        }
        offset = cursor
        return value
    }

    /// Reads a str (fixstr, str 8/16/32) or bin (bin 8/16/32) value's bytes.
    /// - Parameter field: the field name for diagnostics.
    /// - Throws: ``CRTAuthError/malformed(_:)`` on another type or truncation.
    mutating func readRaw(_ field: String) throws -> [UInt8] {
        var cursor = offset
        let header = try byte(at: &cursor, field)
        let length: UInt64
        switch header {
        case 0xa0...0xbf: length = UInt64(header & 0x1f)
        case 0xd9, 0xc4: length = try bigEndian(at: &cursor, byteCount: 1, field)
        case 0xda, 0xc5: length = try bigEndian(at: &cursor, byteCount: 2, field)
        case 0xdb, 0xc6: length = try bigEndian(at: &cursor, byteCount: 4, field)
        default:
            throw CRTAuthError.malformed("msgpack: \(field): expected str or bin, found type byte 0x\(hex(header))")
        }
        guard length <= UInt64(bytes.count - cursor) else {
            throw CRTAuthError.malformed("msgpack: \(field): declares \(length) bytes, \(bytes.count - cursor) left")
        }
        let end = cursor + Int(length)
        let value = Array(bytes[cursor..<end])
        offset = end
        return value
    }

    /// Reads a string field and decodes it as UTF-8.
    /// - Parameter field: the field name for diagnostics.
    /// - Throws: ``CRTAuthError/malformed(_:)`` on another type, truncation or invalid UTF-8.
    mutating func readUTF8(_ field: String) throws -> String {
        let saved = offset
        let raw = try readRaw(field)
        guard let string = String(validating: raw, as: UTF8.self) else {
            offset = saved
            throw CRTAuthError.malformed("msgpack: \(field): not UTF-8")
        }
        return string
    }

    private func byte(at cursor: inout Int, _ field: String) throws -> UInt8 {
        guard cursor < bytes.count else {
            throw CRTAuthError.malformed("msgpack: \(field): truncated")
        }
        defer { cursor += 1 }
        return bytes[cursor]
    }

    private func bigEndian(at cursor: inout Int, byteCount: Int, _ field: String) throws -> UInt64 {
        guard bytes.count - cursor >= byteCount else {
            throw CRTAuthError.malformed("msgpack: \(field): truncated")
        }
        var value: UInt64 = 0
        for index in cursor..<(cursor + byteCount) {
            value = value << 8 | UInt64(bytes[index])
        }
        cursor += byteCount
        return value
    }
}
