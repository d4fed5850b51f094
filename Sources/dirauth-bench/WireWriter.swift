// SPDX-License-Identifier: Apache-2.0
// RFC 4251 §5 data types, as far as the benchmark keys need them.

/// Appends SSH wire encodings (RFC 4251 §5: uint32, string, mpint).
struct WireWriter {
    private(set) var bytes: [UInt8] = []

    /// RFC 4251 §5 "string": uint32 length, then the bytes.
    /// - Parameter value: The bytes.
    mutating func string(_ value: [UInt8]) {
        let count = UInt32(value.count)
        bytes += [UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)]
        bytes += value
    }

    /// RFC 4251 §5 "mpint": two's complement, big-endian, no unnecessary leading zeros; a zero byte
    /// in front when the top bit of a positive number is set.
    /// - Parameter magnitude: A non-negative number, big-endian.
    mutating func mpint(_ magnitude: [UInt8]) {
        var value = Array(magnitude.drop { $0 == 0 })
        if let first = value.first, first & 0x80 != 0 { value.insert(0, at: 0) }
        string(value)
    }
}
