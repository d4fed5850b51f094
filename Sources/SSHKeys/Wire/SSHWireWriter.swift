// SPDX-License-Identifier: Apache-2.0

// RFC 4251 §5 data types, appended to a byte array.

/// Builds SSH wire-format bytes (RFC 4251 §5).
///
/// This is the package's one writer of the SSH wire encoding: key and signature blobs
/// here, ssh-agent requests in `SSHAgent`, benchmark keys in `dirauth-bench`.
package struct SSHWireWriter {
    /// The bytes written so far.
    package private(set) var bytes: [UInt8] = []

    /// An empty writer.
    package init() {}

    /// Appends one `byte`.
    package mutating func writeByte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Appends a big-endian `uint32` (RFC 4251 §5 "uint32").
    package mutating func writeUInt32(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends a `string`: a `uint32` length and the bytes (RFC 4251 §5 "string").
    package mutating func writeString<Bytes: Collection<UInt8>>(_ value: Bytes) {
        writeUInt32(UInt32(truncatingIfNeeded: value.count))
        bytes.append(contentsOf: value)
    }

    /// Appends a `string` holding the UTF-8 bytes of `value`.
    package mutating func writeString(_ value: String) {
        writeString(Array(value.utf8))
    }

    /// Appends a non-negative `mpint` given its big-endian magnitude (RFC 4251 §5
    /// "mpint"): leading zero bytes are dropped, and one zero byte is prepended when the
    /// top bit is set so the value does not read as negative.
    package mutating func writeUnsignedMPInt<Bytes: Collection<UInt8>>(_ magnitude: Bytes) {
        let trimmed = Array(magnitude.drop(while: { $0 == 0 }))
        if let first = trimmed.first, first & 0x80 != 0 {
            writeString([0] + trimmed)
        } else {
            writeString(trimmed)
        }
    }
}
