// SPDX-License-Identifier: Apache-2.0

// RFC 4515 filter rendering and escaping.
import LDAPClient
import Testing

@Suite("LDAPFilter: RFC 4515 rendering and escaping")
struct LDAPFilterTests {
    @Test("plain values are written as they are")
    func plain() {
        #expect(LDAPFilter.equal("uid", "alice").rfc4515 == "(uid=alice)")
        #expect(LDAPFilter.present("objectClass").rfc4515 == "(objectClass=*)")
    }

    @Test("the filter metacharacters * ( ) \\ are escaped as \\xx")
    func metacharacters() {
        #expect(LDAPFilter.equal("uid", "*").rfc4515 == "(uid=\\2a)")
        #expect(LDAPFilter.equal("uid", "alice)(uid=*").rfc4515 == "(uid=alice\\29\\28uid=\\2a)")
        #expect(LDAPFilter.equal("uid", "\\").rfc4515 == "(uid=\\5c)")
        #expect(LDAPFilter.equal("cn", "a(b)c").rfc4515 == "(cn=a\\28b\\29c)")
    }

    @Test("NUL, control bytes, non-ASCII and invalid UTF-8 are escaped byte by byte")
    func bytes() {
        #expect(LDAPFilter.equal("uid", [0x61, 0x00, 0x62]).rfc4515 == "(uid=a\\00b)")
        #expect(LDAPFilter.equal("uid", [0xFF, 0xFE, 0x0A]).rfc4515 == "(uid=\\ff\\fe\\0a)")
        #expect(LDAPFilter.equal("cn", "Jürgen").rfc4515 == "(cn=J\\c3\\bcrgen)")
        #expect(LDAPFilter.escape([0x2A, 0x28, 0x29, 0x5C, 0x00]) == "\\2a\\28\\29\\5c\\00")
    }

    @Test("every escaped value is printable ASCII without unescaped metacharacters", arguments: [
        [UInt8](), [0x2A], Array("alice)(uid=*".utf8), [0x5C, 0x5C], [0x00], [0xC3, 0x28], Array(0...255).map { UInt8($0) },
    ])
    func escapedOutputIsInert(value: [UInt8]) {
        let escaped = LDAPFilter.escape(value)
        #expect(escaped.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E })
        #expect(!escaped.contains("*") && !escaped.contains("(") && !escaped.contains(")"))
        // Every backslash starts an escape of exactly two hex digits, which decode back to the value.
        var decoded: [UInt8] = []
        var bytes = Array(escaped.utf8)[...]
        while let byte = bytes.popFirst() {
            if byte == 0x5C {
                let hex = String(decoding: bytes.prefix(2), as: UTF8.self)
                bytes = bytes.dropFirst(2)
                decoded.append(UInt8(hex, radix: 16) ?? 0)
                #expect(hex.count == 2 && UInt8(hex, radix: 16) != nil)
            } else {
                decoded.append(byte)
            }
        }
        #expect(decoded == value)
    }

    @Test("and, or, not, substrings and ordering filters nest and escape their parts")
    func composite() {
        let filter = LDAPFilter.and([
            .equal("objectClass", "inetOrgPerson"),
            .or([.equal("uid", "a*"), .not(.present("mail"))]),
            .substrings("cn", initial: Array("J*".utf8), any: [Array("o)".utf8)], final: Array("n".utf8)),
            .greaterOrEqual("uidNumber", Array("1000".utf8)),
            .lessOrEqual("uidNumber", Array("2000".utf8)),
            .approx("sn", Array("smith".utf8)),
        ])
        #expect(
            filter.rfc4515
                == "(&(objectClass=inetOrgPerson)(|(uid=a\\2a)(!(mail=*)))(cn=J\\2a*o\\29*n)(uidNumber>=1000)(uidNumber<=2000)(sn~=smith))"
        )
        #expect(LDAPFilter.and([]).rfc4515 == "(&)")
        #expect(LDAPFilter.substrings("cn", initial: nil, any: [], final: nil).rfc4515 == "(cn=*)")
    }

    @Test("attribute names must be descriptors or numeric OIDs, with options", arguments: [
        "uid", "objectClass", "sshPublicKey", "x-custom-1", "2.5.4.3", "cn;lang-de", "userCertificate;binary",
    ])
    func validNames(name: String) throws {
        try LDAPFilter.equal(name, "v").validate()
    }

    @Test("bad attribute names are rejected with filterError, also when nested", arguments: [
        "", "uid)(objectClass=*", "u id", "uid=", "1uid", "2.5..4", "2.05.4", "uid;", "uid*", "ü", "cn\u{0}",
    ])
    func invalidNames(name: String) {
        #expect(throws: LDAPError.filterError) { try LDAPFilter.equal(name, "v").validate() }
        #expect(throws: LDAPError.filterError) { try LDAPFilter.and([.present("uid"), .not(.present(name))]).validate() }
    }
}
