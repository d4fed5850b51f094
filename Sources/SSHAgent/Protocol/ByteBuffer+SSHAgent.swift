// RFC 4251 §5 `uint32` and `string` on NIO ByteBuffers, for agent messages.
import NIOCore

extension ByteBuffer {
    // RFC 4251 §5:
    //   string: […] stored as a uint32 containing its length (number of bytes that
    //   follow) and zero (= empty string) or more bytes that are the value of the string.
    /// Reads a length-prefixed `string`; returns `nil` and leaves the reader index
    /// unmoved when the buffer is too short.
    mutating func readSSHString() -> [UInt8]? {
        let start = readerIndex
        guard let length = readInteger(as: UInt32.self), let bytes = readBytes(length: Int(length)) else {
            moveReaderIndex(to: start)
            return nil
        }
        return bytes
    }

    /// Writes a length-prefixed `string`.
    mutating func writeSSHString(_ bytes: [UInt8]) {
        writeInteger(UInt32(truncatingIfNeeded: bytes.count))
        writeBytes(bytes)
    }
}
