// SPDX-License-Identifier: Apache-2.0
// The XDR subset of crtauth v0 (RFC 4506 as Python's xdrlib implements it; crtauth-protocol.md §2.3):
//   "fixed opaque[n]: n bytes + zero pad to a multiple of 4 (the 1-byte magic is therefore X 00 00 00).
//    uint: 4-byte big-endian.
//    variable opaque/string: uint32 length, bytes, zero pad to multiple of 4."

/// Appends XDR values to a byte array.
struct XDRWriter {
    private(set) var bytes: [UInt8] = []

    /// RFC 4506 §4.9 fixed-length opaque data: the bytes, then zero padding to a multiple of 4.
    mutating func writeFixedOpaque(_ data: [UInt8]) {
        bytes.append(contentsOf: data)
        pad(data.count)
    }

    /// RFC 4506 §4.2 unsigned integer: 4 bytes big-endian.
    mutating func writeUInt32(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// RFC 4506 §4.10/§4.11 variable-length opaque data and strings: length, bytes, zero padding.
    mutating func writeOpaque(_ data: [UInt8]) {
        writeUInt32(UInt32(truncatingIfNeeded: data.count))
        writeFixedOpaque(data)
    }

    private mutating func pad(_ count: Int) {
        let padding = (4 - count % 4) % 4
        bytes.append(contentsOf: repeatElement(0, count: padding))
    }
}
