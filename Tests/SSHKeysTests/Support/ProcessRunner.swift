// SPDX-License-Identifier: Apache-2.0

// Runs OpenSSH's command-line tools for the tests.
import Foundation

/// Runs a program and returns its standard output, failing on a non-zero exit.
enum ProcessRunner {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `executable` with `arguments`; throws with stderr when it exits non-zero.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(String(decoding: err, as: UTF8.self))")
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A temporary folder removed by ``remove()``.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("sshkeys-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// `ssh-keygen`, the key generator and fingerprinter the tests compare against.
enum SSHKeygen {
    static let path = "/usr/bin/ssh-keygen"

    /// Generates an unencrypted key pair `<dir>/<name>` and `<dir>/<name>.pub`.
    /// - Returns: The public-key line.
    static func generate(type: String, bits: Int?, in directory: URL, name: String, comment: String) throws -> String {
        let privateKey = directory.appendingPathComponent(name).path
        var arguments = ["-q", "-t", type, "-N", "", "-C", comment, "-f", privateKey]
        if let bits { arguments += ["-b", String(bits)] }
        try ProcessRunner.run(path, arguments)
        return try String(contentsOfFile: privateKey + ".pub", encoding: .utf8)
    }

    /// The `SHA256:…` fingerprint `ssh-keygen -lf` prints for a key file.
    static func sha256Fingerprint(of file: String) throws -> String {
        let output = try ProcessRunner.run(path, ["-E", "sha256", "-lf", file])
        let fields = output.split(separator: " ")
        guard fields.count >= 2 else { throw ProcessRunner.Failure(description: "unexpected ssh-keygen -l output: \(output)") }
        return String(fields[1])
    }
}
