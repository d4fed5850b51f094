// SPDX-License-Identifier: Apache-2.0

// RFC 4251 §5 primitives: exact bytes, and failed reads leave the reader where it was.
@testable import SSHKeys
import Testing

@Suite("SSH wire primitives")
struct SSHWireReaderTests {
    @Test("uint32 and string round-trip through the writer")
    func roundTrip() throws {
        var writer = SSHWireWriter()
        writer.writeUInt32(0xdead_beef)
        writer.writeString("ssh-rsa")
        writer.writeString([UInt8]())
        #expect(writer.bytes == [0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 7] + Array("ssh-rsa".utf8) + [0, 0, 0, 0])
        var reader = SSHWireReader(writer.bytes)
        #expect(reader.readUInt32() == 0xdead_beef)
        #expect(try reader.readUTF8String() == "ssh-rsa")
        #expect(reader.readString() == [])
        #expect(reader.isAtEnd)
    }

    // RFC 4251 §5 mpint examples.
    @Test("mpints are written as in RFC 4251's examples", arguments: [
        ([UInt8](), [0, 0, 0, 0] as [UInt8]),
        ([0x09, 0xa3, 0x78, 0xf9, 0xb2, 0xe3, 0x32, 0xa7], [0, 0, 0, 8, 0x09, 0xa3, 0x78, 0xf9, 0xb2, 0xe3, 0x32, 0xa7]),
        ([0x80], [0, 0, 0, 2, 0, 0x80]),
        ([0, 0, 0x80], [0, 0, 0, 2, 0, 0x80]),
    ])
    func mpints(magnitude: [UInt8], wire: [UInt8]) throws {
        var writer = SSHWireWriter()
        writer.writeUnsignedMPInt(magnitude)
        #expect(writer.bytes == wire)
        var reader = SSHWireReader(wire)
        #expect(try reader.readUnsignedMPInt() == Array(magnitude.drop(while: { $0 == 0 })))
    }

    @Test("negative mpints throw and leave the reader unmoved")
    func negative() {
        var reader = SSHWireReader([0, 0, 0, 2, 0xed, 0xcc])
        #expect(throws: SSHKeyError.malformed("")) { try reader.readUnsignedMPInt() }
        #expect(reader.readerIndex == 0)
    }

    @Test("short reads return nil and leave the reader unmoved", arguments: [
        [UInt8](), [0], [0, 0, 0], [0, 0, 0, 5, 1, 2], [0xff, 0xff, 0xff, 0xff, 1],
    ])
    func shortReads(bytes: [UInt8]) throws {
        var reader = SSHWireReader([9] + bytes)
        #expect(reader.readByte() == 9)
        #expect(reader.readString() == nil)
        #expect(try reader.readUnsignedMPInt() == nil)
        #expect(try reader.readUTF8String() == nil)
        #expect(reader.readerIndex == 1)
        if bytes.count < 4 {
            #expect(reader.readUInt32() == nil)
            #expect(reader.readerIndex == 1)
        }
    }

    @Test("a string that is not UTF-8 throws where text is required")
    func invalidUTF8() {
        var reader = SSHWireReader([0, 0, 0, 2, 0xc3, 0x28])
        #expect(throws: SSHKeyError.malformed("")) { try reader.readUTF8String() }
        #expect(reader.readerIndex == 0)
    }

    @Test("rewindOnNil commits only successful multi-field reads")
    func rewind() {
        var reader = SSHWireReader([0, 0, 0, 1, 0x41, 0, 0, 0, 9])
        let pair: ([UInt8], [UInt8])? = reader.rewindOnNil { r in
            guard let a = r.readString(), let b = r.readString() else { return nil }
            return (a, b)
        }
        #expect(pair == nil)
        #expect(reader.readerIndex == 0)
    }
}
