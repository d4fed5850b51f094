// SPDX-License-Identifier: Apache-2.0

// A real OpenSSH ssh-agent on a throwaway socket, plus ssh-keygen and ssh-add helpers.
import Foundation

/// Runs programs for the tests.
enum Command {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `executable`; returns stdout, throws with stderr on a non-zero exit.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
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

/// A key pair written by `ssh-keygen` (mode 0600, unencrypted).
struct KeyFile: Sendable {
    var privateKeyPath: String
    var publicKeyLine: String
    var sha256Fingerprint: String

    /// Runs `ssh-keygen -t type [-b bits]` into `directory`.
    static func generate(type: String, bits: Int?, in directory: URL, name: String) throws -> KeyFile {
        let path = directory.appendingPathComponent(name).path
        var arguments = ["-q", "-t", type, "-N", "", "-C", "\(name)@dirauth-tests", "-f", path]
        if let bits { arguments += ["-b", String(bits)] }
        try Command.run("/usr/bin/ssh-keygen", arguments)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let line = try String(contentsOfFile: path + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let listing = try Command.run("/usr/bin/ssh-keygen", ["-E", "sha256", "-lf", path + ".pub"])
        let fields = listing.split(separator: " ")
        guard fields.count >= 2 else { throw Command.Failure(description: "unexpected ssh-keygen -l output: \(listing)") }
        return KeyFile(privateKeyPath: path, publicKeyLine: line, sha256Fingerprint: String(fields[1]))
    }
}

/// An `ssh-agent -D -a <socket>` started for one test; call ``stop()`` (in a `defer`).
final class AgentProcess: @unchecked Sendable {
    let directory: URL
    let socketPath: String
    private let process: Process

    /// Starts an agent in the foreground on a socket in a fresh temporary folder and
    /// waits until the socket appears.
    init() throws {
        directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("dirauth-agent-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path)
        socketPath = directory.appendingPathComponent("agent.sock").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-agent")
        process.arguments = ["-D", "-a", socketPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        for _ in 0..<500 where !FileManager.default.fileExists(atPath: socketPath) {
            usleep(10_000)
        }
        guard FileManager.default.fileExists(atPath: socketPath) else {
            stop()
            throw Command.Failure(description: "ssh-agent did not create \(socketPath)")
        }
    }

    /// `ssh-add [options] file` against this agent.
    func add(_ key: KeyFile, options: [String] = []) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["SSH_AUTH_SOCK"] = socketPath
        environment["SSH_ASKPASS"] = "/bin/false"
        environment["SSH_ASKPASS_REQUIRE"] = "never"
        environment["DISPLAY"] = nil
        try Command.run("/usr/bin/ssh-add", ["-q"] + options + [key.privateKeyPath], environment: environment)
    }

    /// Kills the agent and removes its folder (and the keys generated there).
    func stop() {
        // SIGKILL: the agent inherits this process's signal mask, in which SIGTERM may be
        // blocked (ssh-agent then never sees it); SIGKILL cannot be blocked.
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
