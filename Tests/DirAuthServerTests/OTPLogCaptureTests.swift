// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import DirAuthCore
import DirAuthServer
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import OTP
import Synchronization
import Testing

/// A log handler that keeps every line (message and metadata) in memory.
struct CapturingLogHandler: LogHandler {
    final class Storage: Sendable {
        let lines = Mutex<[String]>([])
    }
    let storage: Storage
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        storage.lines.withLock { $0.append("\(event.level) \(event.message) \(all) \(event.source) \(event.file)") }
    }
}

@Suite("OTP API: logs (slapd)")
struct OTPLogCaptureTests {
    @Test("no seed and no token appears in any log line, at trace level, for successes and failures")
    func noSecretsInLogs() async throws {
        let directory = try OTPTestDirectory()
        do {
            let storage = CapturingLogHandler.Storage()
            var logger = Logger(label: "capture") { _ in CapturingLogHandler(storage: storage) }
            logger.logLevel = .trace
            let admin = try await directory.principal(realm: "ungleich-admin")
            let verifier = try await directory.principal(realm: "ungleich-auth")
            let collected = Mutex<[String]>([])
            @Sendable func remember(_ values: String...) { collected.withLock { $0 += values } }
            try await directory.app(logger: logger).test(.router) { client in
                try Task.checkCancellation()
                let now = directory.clock.now
                remember(admin.token(at: now), verifier.token(at: now), admin.secret.base32, verifier.secret.base32)
                let created = try await client.otp(.post, "/ungleichotp/", caller: admin, at: now, fields: ["name": "logged", "realm": directory.scratchRealm])
                let seed = try #require(created.object["seed"] as? String)
                let id = try #require(created.object["id"] as? String)
                if let entry = try await directory.store.entry(id: id) { directory.track(entry) }
                remember(seed)
                let target = OTPPrincipal(name: "logged", realm: directory.scratchRealm, secret: try OTPSecret(base32: seed))
                remember(target.token(at: now))
                _ = try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: ["name": "logged", "realm": directory.scratchRealm, "token": target.token(at: now)])
                let wrong = OTPRequestShapeTests.wrongCode(target, now)
                remember(wrong)
                _ = try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: ["name": "logged", "realm": directory.scratchRealm, "token": wrong])
                _ = try await client.otp(.get, "/ungleichotp/", caller: admin, at: now, token: OTPRequestShapeTests.wrongCode(admin, now))
                let rotated = try await client.otp(.post, "/ungleichotp/\(id)/rotate/", caller: admin, at: now)
                remember(try #require(rotated.object["seed"] as? String))
                _ = try await client.otp(.delete, "/ungleichotp/\(id)/", caller: admin, at: now)
            }
            let lines = storage.lines.withLock { $0 }
            #expect(lines.contains { $0.contains("OTP authentication") }, "the test captured the OTP log lines")
            for secret in collected.withLock({ $0 }) {
                #expect(!lines.contains { $0.contains(secret) || $0.lowercased().contains(secret.lowercased()) }, "a secret leaked into the logs")
            }
        } catch {
            await directory.cleanUp()
            throw error
        }
        await directory.cleanUp()
    }
}
