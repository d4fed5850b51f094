// SPDX-License-Identifier: Apache-2.0
// A real ssh-agent for one test, holding 0600 copies of fixture keys.

import Foundation
import SSHAgent
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

final class ThrowawayAgent: Sendable {
    let directory: URL
    let pid: Int32
    let client: SSHAgentClient

    /// Starts `ssh-agent -a <socket>` and adds the fixture keys named (e.g. `alice_rsa`).
    init(keys: [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dirauth-agent-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let socket = directory.appendingPathComponent("agent.sock").path
        let output = try Self.run("/usr/bin/ssh-agent", ["-s", "-a", socket])
        guard let range = output.range(of: "SSH_AGENT_PID="),
            let pid = Int32(output[range.upperBound...].prefix { $0.isNumber })
        else {
            throw TestEnvironmentError("ssh-agent did not say its pid: \(output)")
        }
        self.pid = pid
        client = SSHAgentClient(socketPath: socket)
        for key in keys {
            let source = TestEnvironment.fixturesDirectory.appendingPathComponent("keys/\(key)")
            let copy = directory.appendingPathComponent(key)
            try FileManager.default.copyItem(at: source, to: copy)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy.path)
            _ = try Self.run("/usr/bin/ssh-add", ["-q", copy.path], environment: ["SSH_AUTH_SOCK": socket])
        }
    }

    func stop() {
        kill(pid, SIGTERM)
        try? FileManager.default.removeItem(at: directory)
    }

    deinit {
        kill(pid, SIGTERM)
    }

    static func run(_ path: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw TestEnvironmentError("\(path) \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }
}

/// Agents from an environment.
enum SSHAgentClientFactory {
    /// What a shell without an agent gives.
    static func none() throws -> SSHAgentClient {
        try SSHAgentClient.fromEnvironment([:])
    }
}
