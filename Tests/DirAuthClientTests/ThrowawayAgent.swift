// SPDX-License-Identifier: Apache-2.0
// A real ssh-agent for one test (`ssh-agent -D`, in the foreground, so this process owns it),
// holding 0600 copies of fixture keys. No pipes: a daemon inheriting a pipe would keep it open.

import Foundation
import SSHAgent
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

final class ThrowawayAgent: @unchecked Sendable {
    let directory: URL
    let client: SSHAgentClient
    private let process: Process

    /// Starts `ssh-agent -D -a <socket>` and adds the fixture keys named (e.g. `alice_rsa`).
    init(keys: [String]) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("dirauth-agent-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let socket = directory.appendingPathComponent("agent.sock").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-agent")
        process.arguments = ["-D", "-a", socket]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        client = SSHAgentClient(socketPath: socket)
        var waited = 0
        while !FileManager.default.fileExists(atPath: socket) {
            guard waited < 500, process.isRunning else {
                kill(process.processIdentifier, SIGKILL)
                throw TestEnvironmentError("ssh-agent did not create \(socket)")
            }
            usleep(10_000)
            waited += 1
        }
        for key in keys {
            let source = TestEnvironment.fixturesDirectory.appendingPathComponent("keys/\(key)")
            let copy = directory.appendingPathComponent(key)
            try FileManager.default.copyItem(at: source, to: copy)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: copy.path)
            let add = Process()
            add.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-add")
            add.arguments = ["-q", copy.path]
            add.environment = ["SSH_AUTH_SOCK": socket, "PATH": "/usr/bin:/bin"]
            add.standardInput = FileHandle.nullDevice
            add.standardOutput = FileHandle.nullDevice
            add.standardError = FileHandle.nullDevice
            try add.run()
            add.waitUntilExit()
            guard add.terminationStatus == 0 else {
                stop()
                throw TestEnvironmentError("ssh-add \(copy.path) failed with status \(add.terminationStatus)")
            }
        }
    }

    /// Stops the agent (SIGKILL: a child of a Swift process may inherit a mask that blocks SIGTERM)
    /// and removes its folder.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Agents from an environment.
enum SSHAgentClientFactory {
    /// What a shell without an agent gives.
    static func none() throws -> SSHAgentClient {
        try SSHAgentClient.fromEnvironment([:])
    }
}
