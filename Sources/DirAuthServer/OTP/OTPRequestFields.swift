// SPDX-License-Identifier: Apache-2.0

import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OTP

/// The fields of an ungleich-otp request: JSON or form body (on every method, GET and
/// DELETE included, as DRF read `request.data`), plus the `X-Auth-*` headers.
///
/// Values are trimmed like DRF's `CharField`; JSON numbers become their decimal text
/// (`828784` → `"828784"`); other JSON types are "invalid" (never a crash).
struct OTPRequestFields: Sendable {
    /// Body fields with a usable value.
    var values: [String: String] = [:]
    /// Body fields present with a value that is not a string or number.
    var invalid: Set<String> = []
    /// `X-Auth-Name`, `X-Auth-Realm`, `X-Auth-Token`, when any is present.
    var headerCredentials: OTPCredential?

    /// `X-Auth-Name`, `X-Auth-Realm`, `X-Auth-Token` (valid field names, checked once).
    private static let nameHeader = HTTPField.Name("X-Auth-Name")!
    private static let realmHeader = HTTPField.Name("X-Auth-Realm")!
    private static let tokenHeader = HTTPField.Name("X-Auth-Token")!

    /// The largest body read.
    static let maximumBodySize = 64 * 1024

    /// Whether the body carries the field at all.
    func has(_ field: String) -> Bool { values[field] != nil || invalid.contains(field) }

    /// The trimmed value of a field, or `nil` when missing or invalid.
    func string(_ field: String) -> String? { values[field] }

    /// Reads and parses the request.
    /// - Throws: ``DirAuthHTTPError`` 415 (media type), 413 (size) or 400 (unreadable body, malformed JSON or UTF-8).
    static func read(_ request: Request) async throws -> OTPRequestFields {
        var fields = OTPRequestFields()
        let name = request.headers[Self.nameHeader]
        let realm = request.headers[Self.realmHeader]
        let token = request.headers[Self.tokenHeader]
        if name != nil || realm != nil || token != nil {
            fields.headerCredentials = OTPCredential(name: trimmed(name ?? ""), realm: trimmed(realm ?? ""), token: trimmed(token ?? ""))
        }
        let buffer = try await request.collectBody(upTo: maximumBodySize)
        let bytes = Array(buffer.readableBytesView)
        let contentType = request.headers[.contentType]
        let mediaType = contentType.map { trimmed(String($0.prefix { $0 != ";" })).lowercased() }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            // An empty body: nothing to parse, whatever the media type claims.
            return fields
        }
        switch mediaType {
        case "application/json", nil:
            try fields.parseJSON(bytes)
        case "application/x-www-form-urlencoded":
            fields.parseForm(bytes)
        default:
            throw DirAuthHTTPError(.unsupportedMediaType, "Unsupported media type \"\(contentType ?? "")\" in request.")
        }
        return fields
    }

    private mutating func parseJSON(_ bytes: [UInt8]) throws {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw DirAuthHTTPError(.badRequest, "JSON parse error - the body is not valid UTF-8.")
        }
        let object: [String: JSONScalar]
        do {
            object = try JSONDecoder().decode([String: JSONScalar].self, from: Data(bytes))
        } catch {
            throw DirAuthHTTPError(.badRequest, "JSON parse error - the body is not a JSON object.")
        }
        for (key, value) in object {
            switch value {
            case .string(let text): values[key] = Self.trimmed(text)
            case .integer(let number): values[key] = String(number)
            case .other: invalid.insert(key)
            }
        }
    }

    /// `application/x-www-form-urlencoded` (WHATWG URL §5.1): `&`-separated `name=value`,
    /// `+` for space, percent-escapes; the first occurrence of a name wins.
    private mutating func parseForm(_ bytes: [UInt8]) {
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = Self.formDecode(parts[0]) else { continue }
            let value = parts.count > 1 ? Self.formDecode(parts[1]) : ""
            guard !has(key) else { continue }
            if let value { values[key] = Self.trimmed(value) } else { invalid.insert(key) }
        }
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
    static func trimmed(_ text: String) -> String {
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
