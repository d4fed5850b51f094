// SPDX-License-Identifier: Apache-2.0

// Where tests find the things `make test` prepared for them: the repository, the
// fixture keys and the throwaway directory server.
public import Foundation

/// The test run's surroundings, as prepared by `make test` (see `scripts/test.sh`).
///
/// Integration tests never skip: when the directory is missing they fail with a
/// message that says how to start it.
public enum TestEnvironment {
    /// The repository's top folder (the one holding `Package.swift`).
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url
            }
        }
        fatalError("TestSupport: no Package.swift above \(#filePath)")
    }()

    /// The folder `make test` works in: `DIRAUTH_TEST_RUN_DIR`, or `.run/test`.
    public static var runDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["DIRAUTH_TEST_RUN_DIR"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        return repositoryRoot.appendingPathComponent(".run/test")
    }

    /// The test-only private keys of the sample users, in git (mode 0644).
    public static var fixturesDirectory: URL {
        repositoryRoot.appendingPathComponent("Tests/Fixtures")
    }

    /// The shared test directory's settings, read from `<run dir>/directory.env`.
    ///
    /// - Throws: ``TestEnvironmentError`` when `make test` has not started the directory.
    public static func directory() throws -> DirectoryEnvironment {
        let file = runDirectory.appendingPathComponent("directory.env")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw TestEnvironmentError(
                "no test directory at \(file.path): run the tests with `make test`, which starts slapd"
            )
        }
        return DirectoryEnvironment(values: EnvFile.parse(text))
    }
}

/// The `KEY='value'` lines of a `directory.env` file.
public struct DirectoryEnvironment: Sendable {
    /// Every key and value of the file.
    public var values: [String: String]

    /// The value of `key`, or a thrown error naming the missing key.
    public func require(_ key: String) throws -> String {
        guard let value = values[key], !value.isEmpty else {
            throw TestEnvironmentError("directory.env has no \(key)")
        }
        return value
    }

    /// `value(forKey:)` for subscripts.
    public subscript(key: String) -> String? { values[key] }
}

/// A test could not find what `make test` should have prepared.
public struct TestEnvironmentError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Parses the `KEY='value'` lines that `scripts/directory.sh` writes.
public enum EnvFile {
    /// Returns the pairs of `text`; blank lines and `#` comments are ignored, and
    /// a value in single quotes may contain `'\''` for a quote.
    public static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let eq = trimmed.firstIndex(of: "=") else { continue }
            let key = String(trimmed[..<eq])
            var value = String(trimmed[trimmed.index(after: eq)...])
            if value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "'\\''", with: "'")
            }
            result[key] = value
        }
        return result
    }
}
