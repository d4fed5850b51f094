// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
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
        let body: OTPRequestBody
        do {
            body = try OTPRequestBody.json(bytes)
        } catch .notUTF8 {
            throw DirAuthHTTPError(.badRequest, "JSON parse error - the body is not valid UTF-8.")
        } catch {
            throw DirAuthHTTPError(.badRequest, "JSON parse error - the body is not a JSON object.")
        }
        values = body.values
        invalid = body.invalid
    }

    private mutating func parseForm(_ bytes: [UInt8]) {
        let body = OTPRequestBody.form(bytes)
        values = body.values
        invalid = body.invalid
    }

    /// `text` without surrounding white space (DRF's `CharField` strips it).
    static func trimmed(_ text: String) -> String { OTPRequestBody.trimmed(text) }
}
