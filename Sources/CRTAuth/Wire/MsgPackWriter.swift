// SPDX-License-Identifier: Apache-2.0
// The msgpack subset crtauth v1 writes (msgpack spec, "formats"; crtauth-protocol.md §2.2).
//
//   positive fixint  0xxxxxxx                 0x00 - 0x7f
//   uint 8/16/32/64  0xcc / 0xcd / 0xce / 0xcf + big-endian value
//   fixstr           101xxxxx + data          up to 31 bytes
//   str 8/16/32      0xd9 / 0xda / 0xdb + big-endian length + data
//   bin 8/16/32      0xc4 / 0xc5 / 0xc6 + big-endian length + data
//
// "Python uses msgpack-python with use_bin_type=False for strings (old-spec raw), so Python
// string encodings are: fixstr (n <= 31), str16 (0xda) for 32…65535 bytes (never str8), str32."

/// How strings of 32…255 bytes are written.
enum MsgPackStringStyle: Sendable {
    /// As crtauth's Python code: str16 for 32…65535 bytes (needed for byte-exact challenges).
    case python
    /// The shortest form (str8 for 32…255 bytes), as crtauth-java writes and Python's request parser accepts.
    case shortest
}

/// Appends msgpack values to a byte array.
struct MsgPackWriter {
    private(set) var bytes: [UInt8] = []

    /// Writes an unsigned integer in its shortest form (as msgpack-python and crtauth-java do).
    mutating func writeUInt(_ value: UInt64) {
        switch value {
        case 0..<0x80:
            bytes.append(UInt8(value))
        case 0x80...0xff:
            bytes.append(0xcc)
            bytes.append(UInt8(value))
        case 0x100...0xffff:
            bytes.append(0xcd)
            appendBigEndian(value, byteCount: 2)
        case 0x1_0000...0xffff_ffff:
            bytes.append(0xce)
            appendBigEndian(value, byteCount: 4)
        default:
            bytes.append(0xcf)
            appendBigEndian(value, byteCount: 8)
        }
    }

    /// Writes a string (raw bytes, normally UTF-8).
    mutating func writeString(_ data: [UInt8], style: MsgPackStringStyle) {
        let n = data.count
        if n < 32 {
            bytes.append(0xa0 | UInt8(n))
        } else if n < 0x100 && style == .shortest {
            bytes.append(0xd9)
            bytes.append(UInt8(n))
        } else if n < 0x1_0000 {
            bytes.append(0xda)
            appendBigEndian(UInt64(n), byteCount: 2)
        } else {
            bytes.append(0xdb)
            appendBigEndian(UInt64(n), byteCount: 4)
        }
        bytes.append(contentsOf: data)
    }

    /// Writes binary data in its shortest bin form (msgpack-python with `use_bin_type=True`).
    mutating func writeBinary(_ data: [UInt8]) {
        let n = data.count
        if n < 0x100 {
            bytes.append(0xc4)
            bytes.append(UInt8(n))
        } else if n < 0x1_0000 {
            bytes.append(0xc5)
            appendBigEndian(UInt64(n), byteCount: 2)
        } else {
            bytes.append(0xc6)
            appendBigEndian(UInt64(n), byteCount: 4)
        }
        bytes.append(contentsOf: data)
    }

    private mutating func appendBigEndian(_ value: UInt64, byteCount: Int) {
        for shift in stride(from: (byteCount - 1) * 8, through: 0, by: -8) {
            bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}
