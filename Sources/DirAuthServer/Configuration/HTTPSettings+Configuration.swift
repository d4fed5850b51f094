// SPDX-License-Identifier: Apache-2.0

extension HTTPSettings {
    /// Reads `DIRAUTH_HTTP_*` (defaults and their reasons: README.md, "Configuration").
    ///
    /// The connection limit must leave ``reservedFiles`` of the open-file limit free: a
    /// listener that runs out of descriptors cannot even accept a health check.
    /// - Parameters:
    ///   - settings: The `HTTP` scope.
    ///   - openFileLimit: The process's open-file limit; `nil` when unlimited.
    /// - Throws: ``ConfigurationError`` naming a malformed setting, or a connection limit the
    ///   open-file limit cannot hold.
    init(_ settings: SettingsReader, openFileLimit: Int?) throws {
        self.init()
        idleTimeout = .seconds(try settings.int("IDLE_TIMEOUT", default: 75, in: 1...3600, hint: "seconds"))
        headerTimeout = .seconds(try settings.int("HEADER_TIMEOUT", default: 10, in: 1...600, hint: "seconds"))
        bodyTimeout = .seconds(try settings.int("BODY_TIMEOUT", default: 30, in: 1...600, hint: "seconds"))
        let room = openFileLimit.map { $0 - Self.reservedFiles } ?? 1_000_000
        let variable = settings.variable("MAX_CONNECTIONS")
        guard room >= 1 else {
            throw ConfigurationError(
                setting: variable, problem: "the open-file limit \(openFileLimit ?? 0) leaves no room for connections; raise it (LimitNOFILE)"
            )
        }
        guard settings.optional("MAX_CONNECTIONS") != nil else {
            maxConnections = min(maxConnections, room)
            return
        }
        maxConnections = try settings.int("MAX_CONNECTIONS", default: maxConnections, in: 1...1_000_000)
        guard maxConnections <= room else {
            throw ConfigurationError(
                setting: variable,
                problem: "\(maxConnections) connections do not fit the open-file limit \(openFileLimit ?? 0) "
                    + "(at most \(room): \(Self.reservedFiles) files are kept for the listener, the directory and the log); "
                    + "raise LimitNOFILE or lower \(variable)"
            )
        }
    }
}
