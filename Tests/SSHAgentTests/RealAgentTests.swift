// SPDX-License-Identifier: Apache-2.0

// The client against a real OpenSSH ssh-agent, with keys from the real ssh-keygen.
import Foundation
import SSHAgent
import SSHKeys
import Testing

@Suite("real ssh-agent")
struct RealAgentTests {
    struct KeySpec: Sendable, CustomTestStringConvertible {
        var keygenType: String
        var bits: Int?
        var type: SSHKeyType
        var testDescription: String { "\(keygenType)\(bits.map { "-\($0)" } ?? "")" }
    }

    static let specs: [KeySpec] = [
        KeySpec(keygenType: "rsa", bits: 2048, type: .rsa),
        KeySpec(keygenType: "rsa", bits: 3072, type: .rsa),
        KeySpec(keygenType: "ed25519", bits: nil, type: .ed25519),
        KeySpec(keygenType: "ecdsa", bits: 256, type: .ecdsaP256),
        KeySpec(keygenType: "ecdsa", bits: 384, type: .ecdsaP384),
        KeySpec(keygenType: "ecdsa", bits: 521, type: .ecdsaP521),
    ]

    @Test("identities list every added key with ssh-keygen's fingerprint, skipping a 1024-bit RSA key")
    func identities() async throws {
        let agent = try AgentProcess()
        defer { agent.stop() }
        var files: [KeyFile] = []
        for (index, spec) in Self.specs.enumerated() {
            let file = try KeyFile.generate(type: spec.keygenType, bits: spec.bits, in: agent.directory, name: "key\(index)")
            try agent.add(file)
            files.append(file)
        }
        let small = try KeyFile.generate(type: "rsa", bits: 1024, in: agent.directory, name: "small")
        try agent.add(small)

        let client = SSHAgentClient(socketPath: agent.socketPath)
        let list = try await client.listIdentities()
        #expect(list.identities.map(\.publicKey.sha256Fingerprint) == files.map(\.sha256Fingerprint))
        #expect(list.identities.map(\.publicKey.type) == Self.specs.map(\.type))
        #expect(list.identities.map(\.comment) == Self.specs.indices.map { "key\($0)@dirauth-tests" })
        #expect(list.identities.map(\.publicKey) == (try files.map { try SSHPublicKey(openSSHLine: $0.publicKeyLine) }))
        #expect(list.skippedCount == 1)
        #expect(list.skipped.first?.contains("small@dirauth-tests") == true, "\(list.skipped)")
        #expect(list.skipped.first?.contains("1024") == true, "\(list.skipped)")
        #expect(try await client.identities() == list.identities)
    }

    @Test("an empty agent lists no identities")
    func empty() async throws {
        let agent = try AgentProcess()
        defer { agent.stop() }
        let list = try await SSHAgentClient(socketPath: agent.socketPath).listIdentities()
        #expect(list.identities.isEmpty)
        #expect(list.skippedCount == 0)
    }

    @Test("every key type signs through the agent and the signature verifies", arguments: specs)
    func signs(spec: KeySpec) async throws {
        let agent = try AgentProcess()
        defer { agent.stop() }
        let file = try KeyFile.generate(type: spec.keygenType, bits: spec.bits, in: agent.directory, name: "key")
        try agent.add(file)
        let client = SSHAgentClient(socketPath: agent.socketPath)
        let key = try #require(try await client.identities().first).publicKey
        let data = Array("challenge \(spec.testDescription)".utf8)

        let signature = try await client.sign(data, with: key, algorithm: SSHSignatureAlgorithm(keyType: spec.type))
        #expect(signature.algorithm == spec.type.rawValue)
        #expect(key.verify(sshSignature: signature.blob, over: data))
        #expect(!key.verify(sshSignature: signature.blob, over: data + [1]))
        if spec.type == .rsa {
            // crtauth: flags 0 → an ssh-rsa (SHA-1) signature, full modulus length.
            #expect(signature.rawSignature.count == key.rsaModulusByteCount)
            #expect(key.verifyCRTAuthRSASignature(signature.rawSignature, over: data))
            for algorithm in [SSHSignatureAlgorithm.rsaSHA256, .rsaSHA512] {
                let sha2 = try await client.sign(data, with: key, algorithm: algorithm)
                #expect(sha2.algorithm == algorithm.rawValue)
                #expect(key.verify(sshSignature: sha2.blob, over: data))
                #expect(!key.verifyCRTAuthRSASignature(sha2.rawSignature, over: data))
            }
        } else {
            #expect(!key.verifyCRTAuthRSASignature(signature.rawSignature, over: data))
        }
    }

    @Test("crtauth's 6-byte fingerprint picks the agent identity, as crtauth's client does")
    func crtauthSelection() async throws {
        let agent = try AgentProcess()
        defer { agent.stop() }
        let files = try (0..<2).map { try KeyFile.generate(type: "rsa", bits: 2048, in: agent.directory, name: "rsa\($0)") }
        for file in files { try agent.add(file) }
        let wanted = try SSHPublicKey(openSSHLine: files[1].publicKeyLine)
        let client = SSHAgentClient(socketPath: agent.socketPath)
        let identity = try #require(try await client.identities().first { $0.publicKey.crtauthFingerprint == wanted.crtauthFingerprint })
        #expect(identity.publicKey == wanted)
        let challenge = [UInt8](repeating: 0x5a, count: 100)
        let signature = try await client.sign(challenge, with: identity.publicKey, algorithm: .sshRSA)
        #expect(wanted.verifyCRTAuthRSASignature(signature.rawSignature, over: challenge))
    }

    @Test("a key the agent does not hold gives keyNotInAgent")
    func keyNotInAgent() async throws {
        let agent = try AgentProcess()
        defer { agent.stop() }
        let held = try KeyFile.generate(type: "ed25519", bits: nil, in: agent.directory, name: "held")
        let other = try KeyFile.generate(type: "ed25519", bits: nil, in: agent.directory, name: "other")
        try agent.add(held)
        let key = try SSHPublicKey(openSSHLine: other.publicKeyLine)
        let error = await #expect(throws: SSHAgentError.keyNotInAgent("")) {
            try await SSHAgentClient(socketPath: agent.socketPath).sign([1, 2, 3], with: key, algorithm: .ed25519)
        }
        #expect(error?.description.contains(other.sha256Fingerprint) == true, "\(String(describing: error))")
        #expect(error?.description.contains("ssh-add") == true)
    }

    @Test("a key that needs confirmation, with no way to confirm, gives agentRefused")
    func refused() async throws {
        let agent = try AgentProcess()
        defer { agent.stop() }
        let file = try KeyFile.generate(type: "ed25519", bits: nil, in: agent.directory, name: "confirm")
        try agent.add(file, options: ["-c"])
        let client = SSHAgentClient(socketPath: agent.socketPath)
        let key = try #require(try await client.identities().first).publicKey
        await #expect(throws: SSHAgentError.agentRefused("")) {
            try await client.sign([1, 2, 3], with: key, algorithm: .ed25519)
        }
    }

    @Test("an algorithm that does not fit the key is refused before asking the agent")
    func wrongAlgorithm() async throws {
        let agent = try AgentProcess()
        defer { agent.stop() }
        let file = try KeyFile.generate(type: "ed25519", bits: nil, in: agent.directory, name: "ed")
        try agent.add(file)
        let client = SSHAgentClient(socketPath: agent.socketPath)
        let key = try SSHPublicKey(openSSHLine: file.publicKeyLine)
        for algorithm in [SSHSignatureAlgorithm.sshRSA, .rsaSHA256, .ecdsaP256] {
            await #expect(throws: SSHAgentError.unsupportedAlgorithm("")) {
                try await client.sign([1], with: key, algorithm: algorithm)
            }
        }
    }

    @Test("SSH_AUTH_SOCK may be a symlink to the agent's socket")
    func symlinkedSocket() async throws {
        let agent = try AgentProcess()
        defer { agent.stop() }
        let file = try KeyFile.generate(type: "ed25519", bits: nil, in: agent.directory, name: "linked")
        try agent.add(file)
        let link = agent.directory.appendingPathComponent("link.sock").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: agent.socketPath)
        let client = try SSHAgentClient.fromEnvironment(["SSH_AUTH_SOCK": link])
        let identities = try await client.identities()
        #expect(identities.map(\.publicKey.sha256Fingerprint) == [file.sha256Fingerprint])
    }

    @Test("a stopped agent gives noAgent, naming the socket")
    func stoppedAgent() async throws {
        let agent = try AgentProcess()
        agent.stop()
        let error = await #expect(throws: SSHAgentError.noAgent("")) {
            try await SSHAgentClient(socketPath: agent.socketPath).identities()
        }
        #expect(error?.description.contains(agent.socketPath) == true)
    }
}
