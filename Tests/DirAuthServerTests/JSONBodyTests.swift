// SPDX-License-Identifier: Apache-2.0

import Foundation
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
