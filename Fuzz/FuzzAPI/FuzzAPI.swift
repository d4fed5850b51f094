// SPDX-License-Identifier: Apache-2.0
// Fuzzes the ungleich-otp request body parser (DirAuthAPI's OTPRequestBody, what dirauthd's OTP
// routes read before anything else). The first input byte picks the check (modulo the count).
//
//  0  form bodies: never crash; values are trimmed; a field is either a value or invalid;
//     a form written from the parsed values (percent-encoded) parses back to the same values
//  1  JSON bodies: never crash; values are trimmed; a field is either a value or invalid

import DirAuthAPI
import FuzzSupport

/// Every byte but unreserved ones as `%XX`.
func formEncode(_ text: String) -> String {
    let hex = Array("0123456789ABCDEF".utf8)
    var out: [UInt8] = []
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            out.append(byte)
        default:
            out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
        }
    }
    return String(decoding: out, as: UTF8.self)
}

func checkShape(_ body: OTPRequestBody) {
    for (key, value) in body.values {
        precondition(OTPRequestBody.trimmed(value) == value, "value is trimmed")
        precondition(!body.invalid.contains(key), "a field is a value or invalid")
    }
}

func check(_ input: FuzzInput) {
    if input.selector % 2 == 0 {
        let body = OTPRequestBody.form(input.payload)
        checkShape(body)
        let written = body.values.map { formEncode($0.key) + "=" + formEncode($0.value) }.joined(separator: "&")
        precondition(OTPRequestBody.form(Array(written.utf8)).values == body.values, "form round trip")
    } else if let body = try? OTPRequestBody.json(input.payload) {
        checkShape(body)
    }
}

fuzzMain { check(FuzzInput($0)) }
