// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import Foundation
import Hummingbird
import NIOCore

/// The small JSON bodies dirauthd writes by hand: they never fail to encode, and on the hot
/// routes they cost a fraction of `JSONEncoder` (RFC 8259 text; keys in the order given).
enum JSONBody {
    /// `{"detail": message}`.
    static func detail(_ message: String) -> String {
        "{\"detail\":\(quoted(message))}"
    }

    /// `{"<field>": ["<message>", …], …}`.
    static func fieldErrors(_ fields: [(field: String, messages: [String])]) -> String {
        let members = fields.map { field in
            quoted(field.field) + ":[" + field.messages.map(quoted).joined(separator: ",") + "]"
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// A JSON string literal of `text`.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// `{"<key>": "<value>", …}` with string values, keys in the given order.
    static func object(_ members: KeyValuePairs<String, String>) -> String {
        "{" + members.map { quoted($0.key) + ":" + quoted($0.value) }.joined(separator: ",") + "}"
    }

    /// A response with `text` as an `application/json` body.
    static func response(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// `2026-11-22T13:43:00Z`: RFC 3339 §5.6 `date-time` in UTC with whole seconds, as
    /// `JSONEncoder`'s `.iso8601` strategy writes it, without a `Calendar`.
    ///
    /// The date is found from the day number with the proleptic Gregorian rules: 400-year eras
    /// of 146,097 days, years counted from March so that February's leap day comes last.
    static func timestamp(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let (day, secondOfDay) = floorDivision(seconds, 86_400)
        let shifted = day + 719_468  // days from 0000-03-01 to 1970-01-01
        let (era, dayOfEra) = floorDivision(shifted, 146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let marchMonth = (5 * dayOfYear + 2) / 153  // 0 = March … 11 = February
        let dayOfMonth = dayOfYear - (153 * marchMonth + 2) / 5 + 1
        let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
        let year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0)
        func digits(_ value: Int64, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return digits(year, 4) + "-" + digits(month, 2) + "-" + digits(dayOfMonth, 2) + "T"
            + digits(secondOfDay / 3_600, 2) + ":" + digits(secondOfDay / 60 % 60, 2) + ":" + digits(secondOfDay % 60, 2) + "Z"
    }

    /// Division rounding toward negative infinity, with a non-negative remainder.
    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let remainder = value % divisor
        return remainder < 0 ? (value / divisor - 1, remainder + divisor) : (value / divisor, remainder)
    }
}

extension WhoAmIResponse {
    /// `{"expires_at","username"}`, the wire model written by hand: `/v1/whoami` is the route
    /// protected services hit most, and this costs a fraction of `JSONEncoder`.
    var json: String {
        JSONBody.object(["expires_at": JSONBody.timestamp(expiresAt), "username": username])
    }
}
