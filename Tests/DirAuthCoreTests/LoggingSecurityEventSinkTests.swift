// SPDX-License-Identifier: Apache-2.0

@testable import DirAuthCore
import TestSupport
import Logging
import Synchronization
import Testing

@Suite("Security events in the log")
struct LoggingSecurityEventSinkTests {
    /// Keeps messages and metadata.
    struct Capture: LogHandler {
        final class Storage: Sendable { let lines = Mutex<[(String, Logger.Metadata)]>([]) }
        let storage: Storage
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) { storage.lines.withLock { $0.append((event.message.description, event.metadata ?? [:])) } }
    }

    @Test("refusals of unauthenticated requests are sampled, and the next line says how many were held back")
    func sampled() {
        let storage = Capture.Storage()
        let logger = Logger(label: "test") { _ in Capture(storage: storage) }
        let sink = LoggingSecurityEventSink(logger: logger, refusalBurst: 2, refusalsPerSecond: 0)
        for index in 0..<5 { sink.record(SecurityEvent(.loginRefused, subject: "user\(index)", reason: "bad signature")) }
        sink.record(SecurityEvent(.otpEntryCreated, subject: "n@r", actor: "admin@ungleich-admin"))
        let lines = storage.lines.withLock { $0 }
        #expect(lines.map(\.0) == ["login", "login", "OTP entry created"], "two refusals, then the write (never sampled)")
        #expect(lines.allSatisfy { $0.1["suppressed"] == nil })
    }

    @Test("routine events are not logged at info level, and not even built")
    func routine() {
        let storage = Capture.Storage()
        let sink = LoggingSecurityEventSink(logger: Logger(label: "test") { _ in Capture(storage: storage) })
        #expect(!sink.wants(.otpAccepted) && !sink.wants(.challengeIssued) && sink.wants(.loginRefused))
        sink.record(SecurityEvent(.otpAccepted, subject: "n@r"))
        #expect(storage.lines.withLock { $0 }.isEmpty)
    }
}

@Suite("Log sampling")
struct LogSamplerTests {
    @Test("a burst, then one line per refill, each reporting the lines held back before it")
    func refill() {
        let clock = ManualClock()
        let sampler = LogSampler(burst: 2, perSecond: 1, clock: clock)
        #expect(sampler.admit() == 0)
        #expect(sampler.admit() == 0)
        #expect(sampler.admit() == nil)
        #expect(sampler.admit() == nil)
        clock.advance(by: .milliseconds(500))
        #expect(sampler.admit() == nil)
        clock.advance(by: .milliseconds(500))
        #expect(sampler.admit() == 3, "three lines were held back")
        #expect(sampler.admit() == nil)
        clock.advance(by: .seconds(60))
        #expect(sampler.admit() == 1)
        #expect(sampler.admit() == 0, "the bucket holds at most the burst")
        #expect(sampler.admit() == nil)
    }
}
