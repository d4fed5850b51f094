// SPDX-License-Identifier: Apache-2.0

import Foundation
public import Logging
import Synchronization

/// dirauthd's log handler: one logfmt line per event on standard error,
/// `time=… level=… label=… msg="…" key=value …`, every user-supplied text escaped (``Logfmt``).
///
/// It is the one place where log lines are written, so no log site can forge a line, whatever
/// it puts into a message or metadata.
/// ```swift
/// LoggingSystem.bootstrap { label in LogfmtLogHandler(label: label) }
/// ```
public struct LogfmtLogHandler: LogHandler {
    /// Where finished lines go (standard error, or a test's buffer).
    public typealias Output = @Sendable (String) -> Void

    /// The logger's label.
    public let label: String
    /// The lowest level written.
    public var logLevel: Logger.Level = .info
    /// Metadata added to every line.
    public var metadata: Logger.Metadata = [:]
    /// Metadata computed per line.
    public var metadataProvider: Logger.MetadataProvider?
    private let output: Output

    /// Creates a handler.
    /// - Parameters:
    ///   - label: The logger's label.
    ///   - output: Receives each line, newline included (default: standard error).
    public init(label: String, output: @escaping Output = LogfmtLogHandler.standardError) {
        self.label = label
        self.output = output
    }

    /// Metadata of this handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line.
    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let extra = event.metadata { all.merge(extra) { $1 } }
        var line = "time=" + Self.timestamp() + " level=" + event.level.rawValue + " label=" + Logfmt.value(label)
        line += " msg=" + Logfmt.value(event.message.description)
        for key in all.keys.sorted() {
            line += " " + Logfmt.key(key) + "=" + Logfmt.value(all[key].map { "\($0)" } ?? "")
        }
        output(line + "\n")
    }

    /// Writes a line to standard error in one `write`, so lines of concurrent tasks do not interleave.
    public static let standardError: Output = { line in
        lock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
    }

    private static let lock = Mutex(())

    /// Now as RFC 3339 UTC (`2026-12-08T02:10:00Z`).
    private static func timestamp() -> String {
        Date().formatted(.iso8601)
    }
}
