// SPDX-License-Identifier: Apache-2.0
// Fuzzes LDAPClient's escaping and DN reading, where user-chosen names (usernames, OTP names and
// realms) meet filter and DN syntax. The first input byte picks the check (modulo the count),
// the rest is the input. Escaping must round-trip and never let a value break out of its place.
//
//  0  LDAPFilter.escape: printable ASCII without a bare * ( ) \, and un-escaping gives the bytes
//  1  DN values: unescapeValue(escapeValue(v)) == v, and firstValue, the RDN parser, parent and
//     isChildOf all find v (and the parent) back in `cn=<v>,ou=people,dc=example,dc=org`
//  2  a two-valued RDN (`cn=<a>+uid=<b>`) gives both values back
//  3  arbitrary DN text: unescapeValue, parent, firstValue, the RDN parser, same/isBelow/isChildOf
//  4  filter trees built from the input: validate() never traps; valid ones have balanced parentheses

import FuzzSupport
import LDAPClient

let base = "ou=people,dc=example,dc=org"

/// RFC 4515 `\XX` un-escaping, or nil for a bare special character or malformed escape.
func unescapeFilter(_ text: String) -> [UInt8]? {
    var out: [UInt8] = []
    var iterator = Array(text.utf8).makeIterator()
    while let byte = iterator.next() {
        switch byte {
        case UInt8(ascii: "\\"):
            guard let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            else { return nil }
            out.append(value)
        case UInt8(ascii: "*"), UInt8(ascii: "("), UInt8(ascii: ")"), 0:
            return nil
        default:
            out.append(byte)
        }
    }
    return out
}

/// A filter tree read from the input bytes (depth-bounded).
func filter(_ bytes: inout ArraySlice<UInt8>, depth: Int = 0) -> LDAPFilter {
    let op = bytes.popFirst() ?? 0
    let size = Int(bytes.popFirst() ?? 0) % 8
    let value = Array(bytes.prefix(size))
    bytes = bytes.dropFirst(size)
    let attribute = String(decoding: value, as: UTF8.self)
    switch depth < 6 ? op % 9 : op % 5 {
    case 0: return .equal(attribute, value)
    case 1: return .present(attribute)
    case 2: return .greaterOrEqual("uid", value)
    case 3: return .approx("cn", value)
    case 4: return .substrings("cn", initial: value.isEmpty ? nil : value, any: [value], final: nil)
    case 5: return .not(filter(&bytes, depth: depth + 1))
    case 6: return .and((0..<(size % 3)).map { _ in filter(&bytes, depth: depth + 1) })
    case 7: return .or((0..<(size % 3)).map { _ in filter(&bytes, depth: depth + 1) })
    default: return .lessOrEqual("uid", value)
    }
}

func check(_ input: FuzzInput) {
    switch input.selector % 5 {
    case 0:
        let escaped = LDAPFilter.escape(input.payload)
        precondition(escaped.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7f }, "escaped filter value is printable ASCII")
        precondition(unescapeFilter(escaped) == input.payload, "filter escape round trip")
        precondition(LDAPFilter.escape(input.string) == LDAPFilter.escape(Array(input.string.utf8)), "string form")
    case 1:
        let value = input.string
        let escaped = LDAPDistinguishedName.escapeValue(value)
        precondition(LDAPDistinguishedName.unescapeValue(escaped) == value, "DN escape round trip")
        let dn = LDAPDistinguishedName.dn([LDAPDistinguishedName.rdn("cn", value)], parent: base)
        precondition(LDAPDistinguishedName.firstValue(of: dn) == value, "firstValue finds the value")
        precondition(LDAPRelativeDistinguishedName(dn: dn)?.value("cn") == value, "RDN parser finds the value")
        precondition(LDAPDistinguishedName.parent(of: dn) == base, "parent is the base")
        precondition(LDAPDistinguishedName.dn(dn, isChildOf: base), "child of the base")
    case 2:
        let (first, second) = input.pair
        let a = String(decoding: first, as: UTF8.self)
        let b = String(decoding: second, as: UTF8.self)
        let rdn = LDAPDistinguishedName.rdn([(attribute: "cn", value: a), (attribute: "uid", value: b)])
        let parsed = LDAPRelativeDistinguishedName(dn: LDAPDistinguishedName.dn([rdn], parent: base))
        precondition(parsed?.value("cn") == a && parsed?.value("UID") == b, "multi-valued RDN")
    case 3:
        let (first, second) = input.pair
        let dn = String(decoding: first, as: UTF8.self)
        let other = String(decoding: second, as: UTF8.self)
        _ = LDAPDistinguishedName.unescapeValue(dn)
        _ = LDAPDistinguishedName.firstValue(of: dn)
        _ = LDAPRelativeDistinguishedName(dn: dn)?.value("cn")
        if let parent = LDAPDistinguishedName.parent(of: dn) {
            precondition(Array(dn.utf8).suffix(parent.utf8.count).elementsEqual(parent.utf8), "parent is a suffix")
        }
        _ = LDAPDistinguishedName.same(dn, other)
        _ = LDAPDistinguishedName.dn(dn, isBelow: other)
        _ = LDAPDistinguishedName.dn(dn, isChildOf: other)
    default:
        var bytes = input.payload[...]
        let tree = filter(&bytes)
        let text = tree.rfc4515
        // Attribute names are not escaped but checked: only a valid filter must be well formed.
        guard (try? tree.validate()) != nil else { return }
        var depth = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "(") { depth += 1 }
            if byte == UInt8(ascii: ")") { depth -= 1 }
            precondition(depth >= 0, "filter parentheses balance")
        }
        precondition(depth == 0, "filter parentheses close")
    }
}

fuzzMain { check(FuzzInput($0)) }
