// SPDX-License-Identifier: Apache-2.0

// dirauthd: directory-backed authentication (crtauth SSH-key login, ungleich-otp TOTP tokens).
//
// Configuration comes from DIRAUTH_* environment variables (and DIRAUTH_CONFIG_FILE);
// see README.md. A missing or malformed setting stops start-up with one line naming it.
import DirAuthServer
import Foundation
import Hummingbird
import Logging

/// Prints one line to standard error and exits with `code`.
func fail(_ message: String, code: Int32) -> Never {
    FileHandle.standardError.write(Data("dirauthd: \(message)\n".utf8))
    exit(code)
}

let configuration: DirAuthConfiguration
do {
    configuration = try await DirAuthConfiguration.load()
} catch {
    fail("configuration error: \(error)", code: 2)
}

// One logfmt line per event on standard error, every user-supplied value escaped.
LoggingSystem.bootstrap { label in LogfmtLogHandler(label: label) }
var logger = Logger(label: "dirauthd")
logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info

let app: any ApplicationProtocol
do {
    app = try buildApplication(configuration: configuration, services: .live(configuration: configuration, logger: logger), logger: logger)
} catch {
    fail("configuration error: \(error)", code: 2)
}
do {
    try await app.runService()
} catch {
    fail("stopped: \(error)", code: 1)
}
