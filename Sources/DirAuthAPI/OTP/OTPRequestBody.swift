// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The fields of an ungleich-otp request body, JSON or form, as DRF's `CharField` saw them.
///
/// Values are trimmed like DRF's `CharField`; JSON numbers become their decimal text
/// (`828784` → `"828784"`); other JSON types are "invalid" (never a crash). Free of HTTP types so
/// the parser can be fuzzed on its own (Fuzz/FuzzAPI).
package struct OTPRequestBody: Sendable {
    /// Body fields with a usable value.
    package var values: [String: String] = [:]
    /// Body fields present with a value that is not a string or number.
    package var invalid: Set<String> = []

    /// Why a JSON body was refused.
    package enum JSONError: Error {
        /// The bytes are not UTF-8 (RFC 8259 §8.1).
        case notUTF8
        /// The text is not one JSON object.
        case notObject
    }

    /// An empty body.
    package init() {}

    /// Whether the body carries the field at all.
    package func has(_ field: String) -> Bool { values[field] != nil || invalid.contains(field) }

    /// Parses a JSON object body.
    /// - Throws: ``JSONError``.
    package static func json(_ bytes: [UInt8]) throws(JSONError) -> OTPRequestBody {
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .notUTF8 }
        let object: [String: JSONScalar]
        do {
            object = try JSONDecoder().decode([String: JSONScalar].self, from: Data(bytes))
        } catch {
            throw .notObject
        }
        var body = OTPRequestBody()
        for (key, value) in object {
            switch value {
            case .string(let text): body.values[key] = trimmed(text)
            case .integer(let number): body.values[key] = String(number)
            case .other: body.invalid.insert(key)
            }
        }
        return body
    }

    /// `application/x-www-form-urlencoded` (WHATWG URL §5.1): `&`-separated `name=value`,
    /// `+` for space, percent-escapes; the first occurrence of a name wins.
    package static func form(_ bytes: [UInt8]) -> OTPRequestBody {
        var body = OTPRequestBody()
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = formDecode(parts[0]) else { continue }
            let value = parts.count > 1 ? formDecode(parts[1]) : ""
            guard !body.has(key) else { continue }
            if let value { body.values[key] = trimmed(value) } else { body.invalid.insert(key) }
        }
        return body
    }

    private static func formDecode(_ bytes: ArraySlice<UInt8>) -> String? {
        if !bytes.contains(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "%") }) {
            return String(validating: bytes, as: UTF8.self)  // nothing escaped: the usual case
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "+") {
                out.append(0x20)
            } else if byte == UInt8(ascii: "%"), bytes.distance(from: index, to: bytes.endIndex) >= 3,
                let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
                continue
            } else {
                out.append(byte)
            }
            index += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `text` without surrounding white space (DRF's `CharField` strips it): the Unicode
    /// `White_Space` scalars, the same set as Foundation's `whitespacesAndNewlines`, found without
    /// bridging to `NSString` (that bridge was a tenth of a verify's cost).
    package static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    /// One JSON value as DRF's `CharField` sees it.
    enum JSONScalar: Decodable {
        case string(String)
        case integer(String)
        case other

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .string(text)
            } else if (try? container.decode(Bool.self)) != nil {
                self = .other
            } else if let number = try? container.decode(Int64.self) {
                self = .integer(String(number))
            } else if let number = try? container.decode(Double.self), number.isFinite {
                self = .integer(String(number))
            } else {
                self = .other
            }
        }
    }
}
