// SPDX-License-Identifier: Apache-2.0

import Configuration
import Foundation

/// Reads one component's settings (a scope such as `dirauth.ldap`) by their leaf names, and
/// turns every problem into a ``ConfigurationError`` naming the environment variable.
///
/// A setting's key is its scope plus its leaf in lower case (`dirauth.ldap.bind_dn`), which
/// swift-configuration's `EnvironmentVariablesProvider` reads as `DIRAUTH_LDAP_BIND_DN` and the
/// JSON file as `{"dirauth": {"ldap": {"bind_dn": …}}}`. Each component reads its own scope:
/// `LDAPSettings(settings.scoped("LDAP"))`, `OTPSettings(settings.scoped("OTP"))`, ….
struct SettingsReader {
    /// The reader, scoped to this component.
    let reader: ConfigReader
    /// The environment-variable prefix of this scope (`DIRAUTH`, `DIRAUTH_LDAP`).
    let prefix: String

    /// The top-level reader of dirauthd's settings (`dirauth.*`, `DIRAUTH_*`).
    /// - Parameter reader: A reader over every provider.
    init(root reader: ConfigReader) {
        self.init(reader: reader.scoped(to: "dirauth"), prefix: "DIRAUTH")
    }

    private init(reader: ConfigReader, prefix: String) {
        self.reader = reader
        self.prefix = prefix
    }

    /// The reader of a component's settings: `scoped("LDAP")` reads `DIRAUTH_LDAP_*`.
    /// - Parameter component: The component's word, as in its variables' names.
    func scoped(_ component: String) -> SettingsReader {
        SettingsReader(reader: reader.scoped(to: ConfigKey([component.lowercased()])), prefix: prefix + "_" + component)
    }

    /// The environment variable of a setting of this scope (`POOL_SIZE` → `DIRAUTH_LDAP_POOL_SIZE`).
    func variable(_ name: String) -> String { prefix + "_" + name }

    private static func key(_ name: String) -> ConfigKey { ConfigKey([name.lowercased()]) }

    func optional(_ name: String) -> String? {
        guard let value = reader.string(forKey: Self.key(name))?.trimmingCharacters(in: .whitespacesAndNewlines),
            !value.isEmpty
        else { return nil }
        return value
    }

    func required(_ name: String, hint: String) throws -> String {
        guard let value = optional(name) else {
            throw ConfigurationError(setting: variable(name), problem: "is required: \(hint)")
        }
        return value
    }

    /// A secret given directly (`VAR`) or in a file (`VAR_FILE`, trailing newline dropped).
    func secret(_ name: String) throws -> String? {
        if let value = reader.string(forKey: Self.key(name), isSecret: true), !value.isEmpty {
            return value
        }
        guard let file = optional(name + "_FILE") else { return nil }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ConfigurationError(setting: variable(name + "_FILE"), problem: "cannot read \(file)")
        }
        let value = text.trimmingCharacters(in: .newlines)
        guard !value.isEmpty else { throw ConfigurationError(setting: variable(name + "_FILE"), problem: "\(file) is empty") }
        return value
    }

    func list(_ name: String, default defaultValue: [String]? = nil, hint: String) throws -> [String] {
        guard let value = optional(name) else {
            if let defaultValue { return defaultValue }
            throw ConfigurationError(setting: variable(name), problem: "is required: \(hint)")
        }
        return value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
    }

    func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>, hint: String? = nil) throws -> Int {
        guard let text = optional(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            let why = hint.map { " (\($0))" } ?? ""
            throw ConfigurationError(setting: variable(name), problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound)\(why), not \(text)")
        }
        return value
    }

    func bool(_ name: String, default defaultValue: Bool) throws -> Bool {
        guard let text = optional(name) else { return defaultValue }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(setting: variable(name), problem: "must be true or false, not \(text)")
        }
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_ name: String, default defaultValue: Choice) throws -> Choice
    where Choice.RawValue == String {
        guard let text = optional(name) else { return defaultValue }
        guard let value = Choice(rawValue: text.lowercased()) else {
            throw ConfigurationError(setting: variable(name), problem: "must be one of \(Choice.allCases.map(\.rawValue).joined(separator: ", ")), not \(text)")
        }
        return value
    }

    func choice(_ name: String, default defaultValue: String, among choices: [String]) throws -> String {
        guard let text = optional(name) else { return defaultValue }
        guard choices.contains(text.lowercased()) else {
            throw ConfigurationError(setting: variable(name), problem: "must be one of \(choices.joined(separator: ", ")), not \(text)")
        }
        return text.lowercased()
    }

    func choices<Choice: RawRepresentable & CaseIterable & Equatable>(_ name: String, default defaultValue: [Choice]) throws -> [Choice]
    where Choice.RawValue == String {
        guard optional(name) != nil else { return defaultValue }
        var result: [Choice] = []
        for word in try list(name, hint: "") {
            guard let value = Choice(rawValue: word.lowercased()) else {
                throw ConfigurationError(setting: variable(name), problem: "lists \(word); known: \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !result.contains(value) { result.append(value) }
        }
        return result
    }

    func hostAndPort(_ name: String, default defaultValue: (String, Int)) throws -> (String, Int) {
        guard let text = optional(name) else { return defaultValue }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ConfigurationError(setting: variable(name), problem: "must be host:port, e.g. 127.0.0.1:8080, not \(text)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ConfigurationError(setting: variable(name), problem: "must name a host, e.g. 127.0.0.1:8080") }
        return (host, port)
    }
}
