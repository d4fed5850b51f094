import Configuration
import Foundation

/// Reads settings by their environment-variable names and turns every problem into a
/// ``ConfigurationError`` that names the variable.
struct SettingsReader {
    var reader: ConfigReader

    /// `DIRAUTH_LDAP_BIND_DN` → `dirauth.ldap.bind_dn`: the first two words nest, the
    /// rest is the leaf, so JSON files read naturally and environment names map back.
    static func key(for variable: String) -> ConfigKey {
        var words = variable.lowercased().split(separator: "_").map(String.init)
        var components: [String] = []
        if words.first == "dirauth" { components.append(words.removeFirst()) }
        if words.first == "ldap" || words.first == "otp" || words.first == "cache" { components.append(words.removeFirst()) }
        components.append(words.joined(separator: "_"))
        return ConfigKey(components)
    }

    func optional(_ variable: String) -> String? {
        guard let value = reader.string(forKey: Self.key(for: variable))?.trimmingCharacters(in: .whitespacesAndNewlines),
            !value.isEmpty
        else { return nil }
        return value
    }

    func required(_ variable: String, hint: String) throws -> String {
        guard let value = optional(variable) else {
            throw ConfigurationError(setting: variable, problem: "is required: \(hint)")
        }
        return value
    }

    /// A secret given directly (`VAR`) or in a file (`VAR_FILE`, trailing newline dropped).
    func secret(_ variable: String) throws -> String? {
        if let value = reader.string(forKey: Self.key(for: variable), isSecret: true), !value.isEmpty {
            return value
        }
        guard let file = optional(variable + "_FILE") else { return nil }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw ConfigurationError(setting: variable + "_FILE", problem: "cannot read \(file)")
        }
        let value = text.trimmingCharacters(in: .newlines)
        guard !value.isEmpty else { throw ConfigurationError(setting: variable + "_FILE", problem: "\(file) is empty") }
        return value
    }

    func list(_ variable: String, default defaultValue: [String]? = nil, hint: String) throws -> [String] {
        guard let value = optional(variable) else {
            if let defaultValue { return defaultValue }
            throw ConfigurationError(setting: variable, problem: "is required: \(hint)")
        }
        return value.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
    }

    func int(_ variable: String, default defaultValue: Int, in range: ClosedRange<Int>, hint: String? = nil) throws -> Int {
        guard let text = optional(variable) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            let why = hint.map { " (\($0))" } ?? ""
            throw ConfigurationError(setting: variable, problem: "must be a whole number from \(range.lowerBound) to \(range.upperBound)\(why), not \(text)")
        }
        return value
    }

    func bool(_ variable: String, default defaultValue: Bool) throws -> Bool {
        guard let text = optional(variable) else { return defaultValue }
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(setting: variable, problem: "must be true or false, not \(text)")
        }
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_ variable: String, default defaultValue: Choice) throws -> Choice
    where Choice.RawValue == String {
        guard let text = optional(variable) else { return defaultValue }
        guard let value = Choice(rawValue: text.lowercased()) else {
            throw ConfigurationError(setting: variable, problem: "must be one of \(Choice.allCases.map(\.rawValue).joined(separator: ", ")), not \(text)")
        }
        return value
    }

    func choice(_ variable: String, default defaultValue: String, among choices: [String]) throws -> String {
        guard let text = optional(variable) else { return defaultValue }
        guard choices.contains(text.lowercased()) else {
            throw ConfigurationError(setting: variable, problem: "must be one of \(choices.joined(separator: ", ")), not \(text)")
        }
        return text.lowercased()
    }

    func choices<Choice: RawRepresentable & CaseIterable & Equatable>(_ variable: String, default defaultValue: [Choice]) throws -> [Choice]
    where Choice.RawValue == String {
        guard optional(variable) != nil else { return defaultValue }
        var result: [Choice] = []
        for word in try list(variable, hint: "") {
            guard let value = Choice(rawValue: word.lowercased()) else {
                throw ConfigurationError(setting: variable, problem: "lists \(word); known: \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !result.contains(value) { result.append(value) }
        }
        return result
    }

    func hostAndPort(_ variable: String, default defaultValue: (String, Int)) throws -> (String, Int) {
        guard let text = optional(variable) else { return defaultValue }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ConfigurationError(setting: variable, problem: "must be host:port, e.g. 127.0.0.1:8080, not \(text)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ConfigurationError(setting: variable, problem: "must name a host, e.g. 127.0.0.1:8080") }
        return (host, port)
    }
}

/// `DIRAUTH_SECRET_FILE`: one secret per line, each at least 32 bytes; the first signs.
enum SecretFile {
    static let minimumLength = 32

    static func read(path: String) throws -> [[UInt8]] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(setting: "DIRAUTH_SECRET_FILE", problem: "cannot read \(path)")
        }
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
            .map { line in Array(line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]) }
            .filter { !$0.isEmpty }
        guard !lines.isEmpty else {
            throw ConfigurationError(setting: "DIRAUTH_SECRET_FILE", problem: "\(path) holds no secret (one per line, at least \(minimumLength) bytes)")
        }
        for (index, line) in lines.enumerated() where line.count < minimumLength {
            throw ConfigurationError(
                setting: "DIRAUTH_SECRET_FILE",
                problem: "line \(index + 1) of \(path) is \(line.count) bytes; each secret needs at least \(minimumLength) (try `openssl rand -hex 32`)"
            )
        }
        return lines
    }
}
