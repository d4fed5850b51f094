// SPDX-License-Identifier: Apache-2.0

import DirAuthServer
import Logging
import Synchronization
import Testing

@testable import DirAuthServer

@Suite("Log lines: logfmt, every user-supplied value escaped")
struct LogfmtTests {
    /// Lines a handler wrote.
    final class Lines: Sendable {
        let all = Mutex<[String]>([])
        func append(_ line: String) { all.withLock { $0.append(line) } }
    }

    static let forged = "mallory\ntime=2026-01-01T00:00:00Z level=error msg=forged\r\u{0}\u{2028}\"quoted\" a=b\\"

    @Test("a forged newline, NUL, quote or separator in the message or any value stays on its own line, escaped")
    func forgedLines() {
        let lines = Lines()
        var logger = Logger(label: "test") { label in LogfmtLogHandler(label: label, output: lines.append) }
        logger.logLevel = .debug
        logger.info("\(Self.forged)", metadata: ["user": "\(Self.forged)", "bad key\n": "x", "plain": "alice"])
        let written = lines.all.withLock { $0 }
        #expect(written.count == 1)
        let line = written[0]
        #expect(line.hasSuffix("\n") && line.dropLast().allSatisfy { $0 != "\n" && $0 != "\r" && $0 != "\u{0}" && $0 != "\u{2028}" })
        let escaped = #""mallory\ntime=2026-01-01T00:00:00Z level=error msg=forged\r\u{0}\u{2028}\"quoted\" a=b\\""#
        #expect(line.contains(" msg=" + escaped + " "))
        #expect(line.contains(" user=" + escaped))
        #expect(line.contains(" bad_key_=x"))
        #expect(line.contains(" plain=alice"))
        #expect(line.hasPrefix("time=") && line.contains(" level=info label=test "))
    }

    @Test("values are bare only when nothing in them could be read as syntax", arguments: [
        ("alice", "alice"), ("", #""""#), ("two words", #""two words""#), ("a=b", #""a=b""#), (#"back\slash"#, #""back\\slash""#),
        ("tab\there", #""tab\there""#), ("del\u{7F}", #""del\u{7f}""#), ("é-ok", "é-ok"),
    ])
    func values(_ input: String, _ expected: String) {
        #expect(Logfmt.value(input) == expected)
    }
}
