// SPDX-License-Identifier: Apache-2.0

// Environment errors and misbehaving agents, against a scripted fake agent.
import Foundation
import SSHAgent
import SSHKeys
import Testing

@Suite("agent client errors")
struct ClientErrorTests {
    static let ed25519Line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEb1NZJs7kcDO5XM1wNWyh55F/rdnsoSmODKRmoQwh5l alice@laptop"

    @Test("no SSH_AUTH_SOCK gives noAgent with advice")
    func noEnvironment() throws {
        for environment in [[:], ["SSH_AUTH_SOCK": ""], ["HOME": "/root"]] {
            let error = #expect(throws: SSHAgentError.noAgent("")) { try SSHAgentClient.fromEnvironment(environment) }
            #expect(error?.description.contains("SSH_AUTH_SOCK is not set") == true)
            #expect(error?.description.contains("ssh-agent") == true)
            #expect(error?.description.contains("ssh-add") == true)
        }
        #expect(try SSHAgentClient.fromEnvironment(["SSH_AUTH_SOCK": "/tmp/x.sock"]).socketPath == "/tmp/x.sock")
    }

    @Test("a socket path that does not exist, or is not a socket, gives noAgent")
    func missingSocket() async throws {
        await #expect(throws: SSHAgentError.noAgent("")) {
            try await SSHAgentClient(socketPath: "/nonexistent/agent.sock").identities()
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-socket-\(UUID().uuidString)")
        try Data().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let error = await #expect(throws: SSHAgentError.noAgent("")) {
            try await SSHAgentClient(socketPath: file.path).identities()
        }
        #expect(error?.description.contains("not a socket") == true)
    }

    @Test("an agent that never answers gives timeout")
    func silent() async throws {
        let agent = try await FakeAgent(.silent)
        let client = SSHAgentClient(socketPath: agent.socketPath, timeout: .milliseconds(300))
        await #expect(throws: SSHAgentError.timeout("")) { try await client.identities() }
        await agent.stop()
    }

    @Test("an agent that hangs up gives connectionFailed")
    func hangsUp() async throws {
        let agent = try await FakeAgent(.close)
        await #expect(throws: SSHAgentError.connectionFailed("")) {
            try await SSHAgentClient(socketPath: agent.socketPath).identities()
        }
        await agent.stop()
    }

    @Test("a socket file nobody listens on (a crashed agent) gives connectionFailed")
    func staleSocket() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("dirauth-stale-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("agent.sock").path
        // Python binds the socket and exits without unlinking it, as a killed agent does.
        try Command.run("/usr/bin/python3", ["-c", "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])", path])
        #expect(FileManager.default.fileExists(atPath: path))
        let error = await #expect(throws: SSHAgentError.connectionFailed("")) {
            try await SSHAgentClient(socketPath: path).identities()
        }
        #expect(error?.description.contains(path) == true)
    }

    @Test("malformed replies give protocolError", arguments: [
        [0, 0, 0, 1, 99] as [UInt8],                      // unexpected message type
        [0, 0, 0, 5, 12, 0, 0, 0, 2],                     // two keys announced, none sent
        [0, 0, 0, 9, 12, 0, 0, 0, 1, 0, 0, 0, 200],       // truncated key blob
        [0xff, 0xff, 0xff, 0xff, 12],                     // absurd length
        [0, 0, 0, 0],                                     // zero length
    ])
    func malformedIdentities(reply: [UInt8]) async throws {
        let agent = try await FakeAgent(.reply(reply))
        await #expect(throws: SSHAgentError.protocolError("")) {
            try await SSHAgentClient(socketPath: agent.socketPath, timeout: .seconds(5)).identities()
        }
        await agent.stop()
    }

    @Test("a sign response with the wrong algorithm or a broken blob gives protocolError")
    func wrongSignature() async throws {
        let key = try SSHPublicKey(openSSHLine: Self.ed25519Line)
        func frame(_ payload: [UInt8]) -> [UInt8] {
            let n = UInt32(payload.count)
            return [UInt8(n >> 24), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)] + payload
        }
        func string(_ bytes: [UInt8]) -> [UInt8] { frame(bytes) }
        let wrongAlgorithm = frame([14] + string(SSHSignature(algorithm: "ssh-rsa", rawSignature: [1, 2]).blob))
        let brokenBlob = frame([14] + string([0, 0, 0, 9, 1]))
        for reply in [wrongAlgorithm, brokenBlob, frame([14, 0, 0])] {
            let agent = try await FakeAgent(.reply(reply))
            await #expect(throws: SSHAgentError.protocolError("")) {
                try await SSHAgentClient(socketPath: agent.socketPath).sign([1], with: key, algorithm: .ed25519)
            }
            await agent.stop()
        }
    }
}
