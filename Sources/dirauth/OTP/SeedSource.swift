// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import DirAuthClient
import Foundation

/// Where a base32 seed comes from. On the command line (`--seed S`) every local user can read it
/// in the process list, so it may also come from a file (`--seed-file F`), standard input
/// (`--seed-file -`) or an environment variable.
enum SeedSource: Equatable {
    /// As typed on the command line.
    case argument(String)
    /// The first line of a file.
    case file(String)
    /// The first line of standard input.
    case standardInput
    /// The value of an environment variable.
    case environment(String)

    /// The one source given, or `nil` when none is.
    /// - Parameters:
    ///   - argument: The `--…seed` value.
    ///   - file: The `--…seed-file` value (`-`: standard input).
    ///   - variable: The environment variable consulted when neither option is given.
    ///   - options: The options' names, for the message.
    /// - Throws: `ValidationError` when both options are given, or the file cannot be read.
    static func given(argument: String?, file: String?, variable: String, options: String) throws -> SeedSource? {
        switch (argument, file) {
        case (.some, .some):
            throw ValidationError("give only one of \(options)")
        case (let seed?, nil):
            return .argument(seed)
        case (nil, "-"?):
            return .standardInput
        case (nil, let path?):
            guard FileManager.default.isReadableFile(atPath: path) else { throw ValidationError("cannot read the seed file \(path)") }
            return .file(path)
        case (nil, nil):
            guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else { return nil }
            return .environment(variable)
        }
    }

    /// The seed text (surrounding white space dropped).
    /// - Throws: ``DirAuthClientError/Code/invalidArgument`` when the source is empty or unreadable.
    func read() throws -> String {
        let text: String?
        switch self {
        case .argument(let seed): text = seed
        case .file(let path): text = try? String(contentsOfFile: path, encoding: .utf8)
        case .standardInput: text = readLine(strippingNewline: true)
        case .environment(let variable): text = ProcessInfo.processInfo.environment[variable]
        }
        let seed = (text ?? "").split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard !seed.isEmpty else { throw DirAuthClientError.invalidArgument("no seed in \(self)") }
        return seed
    }
}

extension SeedSource: CustomStringConvertible {
    /// Where the seed was read, never the seed.
    var description: String {
        switch self {
        case .argument: "the command line"
        case .file(let path): "the file \(path)"
        case .standardInput: "standard input"
        case .environment(let variable): "$\(variable)"
        }
    }
}
