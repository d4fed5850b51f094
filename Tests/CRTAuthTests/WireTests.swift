// SPDX-License-Identifier: Apache-2.0

@testable import CRTAuth
import Testing

@Suite("msgpack and XDR primitives")
struct WireTests {
    @Test("unsigned integers use the shortest form and read back from every form")
    func unsignedIntegers() throws {
        let cases: [(UInt64, [UInt8])] = [
            (0, [0x00]), (0x7f, [0x7f]), (0x80, [0xcc, 0x80]), (0xff, [0xcc, 0xff]), (0x100, [0xcd, 0x01, 0x00]),
            (0x1_0000, [0xce, 0x00, 0x01, 0x00, 0x00]), (1_365_084_334, [0xce, 0x51, 0x5d, 0x88, 0xae]),
            (0x1_0000_0000, [0xcf, 0, 0, 0, 1, 0, 0, 0, 0]),
        ]
        for (value, encoded) in cases {
            var writer = MsgPackWriter()
            writer.writeUInt(value)
            #expect(writer.bytes == encoded)
            var reader = MsgPackReader(encoded)
            #expect(try reader.readUInt("x") == value)
            #expect(reader.isAtEnd)
        }
        var reader = MsgPackReader([0xcd, 0x00, 0x05])
        #expect(try reader.readUInt("x") == 5)
    }

    @Test("strings: Python style uses str16 for 32…255 bytes, shortest style str8")
    func stringStyles() throws {
        let s31 = [UInt8](repeating: 0x75, count: 31)
        let s40 = [UInt8](repeating: 0x75, count: 40)
        var python = MsgPackWriter()
        python.writeString(s31, style: .python)
        python.writeString(s40, style: .python)
        #expect(Array(python.bytes.prefix(1)) == [0xbf])
        #expect(Array(python.bytes[32..<35]) == [0xda, 0x00, 0x28])
        var shortest = MsgPackWriter()
        shortest.writeString(s40, style: .shortest)
        #expect(Array(shortest.bytes.prefix(2)) == [0xd9, 0x28])
        let big = [UInt8](repeating: 0x61, count: 70_000)
        var large = MsgPackWriter()
        large.writeString(big, style: .python)
        #expect(Array(large.bytes.prefix(5)) == [0xdb, 0x00, 0x01, 0x11, 0x70])
        for encoded in [python.bytes, shortest.bytes, large.bytes] {
            var reader = MsgPackReader(encoded)
            while !reader.isAtEnd {
                _ = try reader.readRaw("s")
            }
        }
    }

    @Test("reads reject truncation and leave the offset unchanged")
    func truncation() throws {
        for encoded: [UInt8] in [[0xcc], [0xcd, 0x01], [0xce, 0, 0, 0], [0xcf, 0], [0xa3, 0x61], [0xd9], [0xd9, 0x05, 0x61],
            [0xda, 0x00], [0xdb, 0, 0, 0, 9], [0xc4, 0x02, 0x00], [0xc5, 0x01], [0xc6, 0, 0, 1, 0, 1]]
        {
            var reader = MsgPackReader(encoded)
            #expect(throws: CRTAuthError.malformed("")) { try reader.readRaw("x") }
            #expect(reader.offset == 0)
            #expect(throws: CRTAuthError.malformed("")) { try reader.readUInt("x") }
            #expect(reader.offset == 0)
        }
        var empty = MsgPackReader([])
        #expect(throws: CRTAuthError.malformed("")) { try empty.readUInt("x") }
        var wrongType = MsgPackReader([0xc0])
        #expect(throws: CRTAuthError.malformed("")) { try wrongType.readRaw("x") }
    }

    @Test("XDR pads to four bytes and refuses truncation")
    func xdr() throws {
        var writer = XDRWriter()
        writer.writeFixedOpaque([0x63])
        writer.writeUInt32(0x515d_88ae)
        writer.writeOpaque([1, 2, 3, 4, 5, 6])
        #expect(writer.bytes == [0x63, 0, 0, 0, 0x51, 0x5d, 0x88, 0xae, 0, 0, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0])
        var reader = XDRReader(writer.bytes)
        #expect(try reader.readFixedOpaque(1, "m") == [0x63])
        #expect(try reader.readUInt32("t") == 0x515d_88ae)
        #expect(try reader.readOpaque("o") == [1, 2, 3, 4, 5, 6])
        var truncated = XDRReader([0, 0, 0, 6, 1, 2, 3, 4, 5, 6])  // pad missing
        #expect(throws: CRTAuthError.malformed("")) { try truncated.readOpaque("o") }
        #expect(truncated.offset == 0)
        var huge = XDRReader([0xff, 0xff, 0xff, 0xff])
        #expect(throws: CRTAuthError.malformed("")) { try huge.readOpaque("o") }
    }
}
