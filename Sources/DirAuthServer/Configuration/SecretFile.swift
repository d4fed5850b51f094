// SPDX-License-Identifier: Apache-2.0

import Foundation

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
