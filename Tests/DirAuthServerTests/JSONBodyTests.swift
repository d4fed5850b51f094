// SPDX-License-Identifier: Apache-2.0

import Directory
import Foundation
import OTP
import Testing

import DirAuthAPI
import DirAuthCore
@testable import DirAuthServer

@Suite("hand-written JSON bodies")
struct JSONBodyTests {
    /// 1970, leap days, century years (2000 is a leap year, 2100 is not), year ends, and dates before 1970.
    static let seconds: [Int64] = [
        0, 59, 86_399, 86_400, 951_782_400, 951_868_799, 951_868_800, 1_111_111_109, 1_234_567_890, 1_795_000_000,
        4_107_542_399, 4_107_542_400, 4_107_628_800, 253_402_300_799, -1, -86_400, -2_208_988_800,
    ]

    @Test("timestamps are what JSONEncoder's .iso8601 strategy writes", arguments: seconds)
    func timestampMatchesFoundation(seconds: Int64) throws {
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let foundation = try #require(String(data: try encoder.encode([date]), encoding: .utf8))
        #expect("[\"" + JSONBody.timestamp(date) + "\"]" == foundation)
    }

    @Test("a fraction of a second is dropped, not rounded")
    func fractionsAreDropped() {
        #expect(JSONBody.timestamp(Date(timeIntervalSince1970: 59.999)) == "1970-01-01T00:00:59Z")
    }

    @Test("objects keep their key order and escape what JSON requires")
    func objects() throws {
        let text = JSONBody.object(["expires_at": "2026-11-22T13:43:00Z", "username": "a\"b\\c\n\u{01}ü"])
        #expect(text == #"{"expires_at":"2026-11-22T13:43:00Z","username":"a\"b\\c\n\u0001ü"}"#)
        let decoded = try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
        #expect(decoded["username"] == "a\"b\\c\n\u{01}ü")
    }
}

@Suite("hand-written bodies are the contract's types")
struct HandWrittenWireModelTests {
    @Test("/v1/whoami's body is exactly what APIContract.encoder writes for WhoAmIResponse")
    func whoAmI() throws {
        let value = WhoAmIResponse(username: "al\"ice\\\u{1}é", expiresAt: Date(timeIntervalSince1970: 1_795_000_000))
        let encoded = try #require(String(data: try APIContract.encoder.encode(value), encoding: .utf8))
        #expect(value.json == encoded)
        #expect(try APIContract.decoder.decode(WhoAmIResponse.self, from: Data(value.json.utf8)) == value)
    }

    @Test("an OTP entry's body decodes to its OTPServiceEntry, with and without a seed", arguments: [nil, "JBSWY3DPEHPK3PXP"])
    func otpEntry(seed: String?) throws {
        let summary = OTPEntrySummary(
            try Directory.OTPEntry(id: "00000000-0000-4000-8000-000000000001", name: "bill\"ing", realm: "ungleich-intern", secret: OTPSecret(base32: "JBSWY3DPEHPK3PXP"), reference: "x"),
            seed: try seed.map { try OTPSecret(base32: $0) }
        )
        let decoded = try APIContract.decoder.decode(OTPServiceEntry.self, from: Data(summary.json.utf8))
        #expect(decoded == summary.wire)
        #expect(decoded.seed == seed)
    }

    @Test("/ungleichotp/verify/'s answer is OTPStatus as the contract encodes it")
    func status() throws {
        #expect(OTPController.statusOK == String(decoding: try APIContract.encoder.encode(OTPStatus()), as: UTF8.self))
    }
}
