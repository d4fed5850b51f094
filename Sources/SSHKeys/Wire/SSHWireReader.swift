// SPDX-License-Identifier: Apache-2.0

// RFC 4251 §5 data types, read from a byte array. Every read either succeeds and
// moves the reader index, or returns nil / throws and leaves the index where it was.

/// A cursor over SSH wire-format bytes (RFC 4251 §5).
///
/// Reads return `nil` when the input is too short and throw ``SSHKeyError`` when the
/// bytes are present but malformed; in both cases ``readerIndex`` does not move.
///
/// This is the package's one reader of the SSH wire encoding: key and signature blobs
/// here, ssh-agent messages in `SSHAgent`, response signature fields in `CRTAuth`.
package struct SSHWireReader {
    /// The bytes being read.
    package let bytes: [UInt8]
    /// The offset of the next unread byte.
    package private(set) var readerIndex: Int

    /// A reader at the start of `bytes`.
    package init<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        self.bytes = Array(bytes)
        self.readerIndex = 0
    }

    /// How many bytes are left to read.
    package var readableBytes: Int { bytes.count - readerIndex }

    /// Whether every byte has been read.
    package var isAtEnd: Bool { readerIndex >= bytes.count }

    /// Runs `body` on a copy of the reader and commits its progress only when it
    /// returns a value; a `nil` result or a thrown error leaves `self` untouched.
    package mutating func rewindOnNil<T>(_ body: (inout SSHWireReader) throws -> T?) rethrows -> T? {
        var copy = self
        guard let value = try body(&copy) else { return nil }
        self = copy
        return value
    }

    /// Reads `count` raw bytes.
    package mutating func readBytes(_ count: Int) -> [UInt8]? {
        guard count >= 0, count <= readableBytes else { return nil }
        let slice = bytes[readerIndex..<(readerIndex + count)]
        readerIndex += count
        return Array(slice)
    }

    // RFC 4251 §5:
    //   byte
    //      A byte represents an arbitrary 8-bit value (octet).
    /// Reads one `byte`.
    package mutating func readByte() -> UInt8? {
        guard readableBytes >= 1 else { return nil }
        defer { readerIndex += 1 }
        return bytes[readerIndex]
    }

    // RFC 4251 §5:
    //   uint32
    //      Represents a 32-bit unsigned integer.  Stored as four bytes in the
    //      order of decreasing significance (network byte order).
    /// Reads a big-endian `uint32`.
    package mutating func readUInt32() -> UInt32? {
        guard readableBytes >= 4 else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            value = (value << 8) | UInt32(bytes[readerIndex + offset])
        }
        readerIndex += 4
        return value
    }

    // RFC 4251 §5:
    //   string
    //      Arbitrary length binary string.  Strings are allowed to contain
    //      arbitrary binary data, including null characters and 8-bit
    //      characters.  They are stored as a uint32 containing its length
    //      (number of bytes that follow) and zero (= empty string) or more
    //      bytes that are the value of the string.  Terminating null
    //      characters are not used.
    /// Reads a length-prefixed `string` and returns its bytes.
    package mutating func readString() -> [UInt8]? {
        rewindOnNil { reader in
            guard let length = reader.readUInt32() else { return nil }
            return reader.readBytes(Int(length))
        }
    }

    /// Reads a `string` that must hold UTF-8 text (algorithm and type names, comments).
    /// - Throws: ``SSHKeyError/malformed(_:)`` when the bytes are not valid UTF-8.
    package mutating func readUTF8String() throws -> String? {
        try rewindOnNil { reader in
            guard let bytes = reader.readString() else { return nil }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw SSHKeyError.malformed("string field is not valid UTF-8")
            }
            return text
        }
    }

    // RFC 4251 §5:
    //   mpint
    //      Represents multiple precision integers in two's complement format,
    //      stored as a string, 8 bits per byte, MSB first.  Negative numbers
    //      have the value 1 as the most significant bit of the first byte of
    //      the data partition.  If the most significant bit would be set for
    //      a positive number, the number MUST be preceded by a zero byte.
    //      Unnecessary leading bytes with the value 0 or 255 MUST NOT be
    //      included.  The value zero MUST be stored as a string with zero
    //      bytes of data.
    /// Reads an `mpint` that must not be negative and returns its magnitude, big-endian,
    /// without leading zero bytes (zero is the empty array).
    ///
    /// Like OpenSSH's `sshbuf_get_bignum2_bytes_direct`, redundant leading zero bytes are
    /// tolerated and stripped; a set sign bit is refused.
    /// - Throws: ``SSHKeyError/malformed(_:)`` for a negative value.
    package mutating func readUnsignedMPInt() throws -> [UInt8]? {
        try rewindOnNil { reader in
            guard let bytes = reader.readString() else { return nil }
            if let first = bytes.first, first & 0x80 != 0 {
                throw SSHKeyError.malformed("mpint is negative")
            }
            return Array(bytes.drop(while: { $0 == 0 }))
        }
    }
}
