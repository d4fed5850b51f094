// SPDX-License-Identifier: Apache-2.0

// A client for ssh-agent over its unix-domain socket (draft-miller-ssh-agent).
import Foundation
import NIOCore
import NIOPosix
public import SSHKeys

/// Talks to a running ssh-agent: lists its keys and asks it to sign.
///
/// Each request opens a fresh connection to the agent's socket on NIO's shared event
/// loop group (no blocking of the Swift concurrency pool), sends one message, reads one
/// reply and closes, all within ``timeout``.
///
/// ```swift
/// let agent = try SSHAgentClient.fromEnvironment()
/// let key = try await agent.identities().first { $0.publicKey.crtauthFingerprint == wanted }
/// let signature = try await agent.sign(challenge, with: key.publicKey, algorithm: .sshRSA)
/// ```
public final class SSHAgentClient: Sendable {
    /// The agent's socket path.
    public let socketPath: String
    /// How long one request (connect, send, receive) may take.
    public let timeout: Duration

    private let group: any EventLoopGroup

    /// A client for the agent listening at `socketPath`, with a 5-second timeout.
    /// - Parameter socketPath: The agent's unix-domain socket, e.g. the value of `SSH_AUTH_SOCK`.
    public convenience init(socketPath: String) {
        self.init(socketPath: socketPath, timeout: .seconds(5))
    }

    /// A client for the agent listening at `socketPath`.
    /// - Parameters:
    ///   - socketPath: The agent's unix-domain socket.
    ///   - timeout: How long one request may take before failing with ``SSHAgentError/Code/timeout``.
    public init(socketPath: String, timeout: Duration) {
        self.socketPath = socketPath
        self.timeout = timeout
        self.group = MultiThreadedEventLoopGroup.singleton
    }

    /// A client for the agent named by the `SSH_AUTH_SOCK` environment variable.
    /// - Throws: ``SSHAgentError/Code/noAgent`` when `SSH_AUTH_SOCK` is unset or empty.
    public static func fromEnvironment() throws -> SSHAgentClient {
        try fromEnvironment(ProcessInfo.processInfo.environment)
    }

    /// A client for the agent named by `SSH_AUTH_SOCK` in `environment`.
    /// - Parameter environment: Environment variables, e.g. `ProcessInfo.processInfo.environment`.
    /// - Throws: ``SSHAgentError/Code/noAgent`` when `SSH_AUTH_SOCK` is unset or empty.
    public static func fromEnvironment(_ environment: [String: String]) throws -> SSHAgentClient {
        guard let path = environment["SSH_AUTH_SOCK"], !path.isEmpty else {
            throw SSHAgentError.noAgent(
                "no ssh-agent: SSH_AUTH_SOCK is not set; start one with `eval $(ssh-agent)` and add your key with `ssh-add`"
            )
        }
        return SSHAgentClient(socketPath: path)
    }

    // MARK: - Identities

    /// The agent's keys of supported types; others (DSA, certificates, security keys,
    /// RSA under 2048 bits) are left out — ``listIdentities()`` says which.
    /// - Throws: ``SSHAgentError``: `noAgent`, `connectionFailed`, `timeout`, `protocolError`.
    public func identities() async throws -> [SSHAgentIdentity] {
        try await listIdentities().identities
    }

    /// The agent's keys of supported types, and a line for each key that was skipped.
    /// - Throws: ``SSHAgentError``: `noAgent`, `connectionFailed`, `timeout`, `protocolError`.
    public func listIdentities() async throws -> SSHAgentIdentityList {
        let reply = try await request(.requestIdentities)
        var identities: [SSHAgentIdentity] = []
        var skipped: [String] = []
        for (blob, commentBytes) in try reply.identities() {
            let comment = String(decoding: commentBytes, as: UTF8.self)
            do {
                let key = try SSHPublicKey(blob: blob, comment: comment)
                identities.append(SSHAgentIdentity(publicKey: key, comment: comment))
            } catch {
                skipped.append("\(comment.isEmpty ? "(no comment)" : comment): \(error)")
            }
        }
        return SSHAgentIdentityList(identities: identities, skipped: skipped)
    }

    // MARK: - Signing

    /// Asks the agent to sign `data` with `key`.
    ///
    /// The request's flags follow the algorithm: 0 for `ssh-rsa` (SHA-1, what crtauth
    /// uses), `SSH_AGENT_RSA_SHA2_256` / `SSH_AGENT_RSA_SHA2_512` for `rsa-sha2-*`, 0 for
    /// Ed25519 and ECDSA. The reply must carry exactly the requested algorithm.
    /// - Parameters:
    ///   - data: The bytes to sign (for crtauth, the challenge).
    ///   - key: The public key of the agent identity to sign with.
    ///   - algorithm: The signature algorithm; must suit the key's type.
    /// - Returns: The agent's signature; for crtauth use its ``SSHSignature/rawSignature``.
    /// - Throws: ``SSHAgentError``: `unsupportedAlgorithm`, `keyNotInAgent`, `agentRefused`,
    ///   `noAgent`, `connectionFailed`, `timeout`, `protocolError`.
    public func sign(_ data: [UInt8], with key: SSHPublicKey, algorithm: SSHSignatureAlgorithm) async throws -> SSHSignature {
        guard algorithm.isAllowed(for: key.type) else {
            throw SSHAgentError.unsupportedAlgorithm(
                "cannot ask for a \(algorithm.rawValue) signature from a \(key.type.rawValue) key (\(key.sha256Fingerprint))"
            )
        }
        guard data.count + key.blob.count + 32 <= AgentRequest.maximumLength else {
            throw SSHAgentError.protocolError("cannot ask ssh-agent to sign \(data.count) bytes: its limit is \(AgentRequest.maximumLength) bytes per message")
        }
        let reply = try await request(.sign(keyBlob: key.blob, data: data, flags: algorithm.agentFlags))
        guard let blob = try reply.signature() else {
            let held = try await identities().contains { $0.publicKey == key }
            let name = key.comment.map { "\(key.sha256Fingerprint) (\($0))" } ?? key.sha256Fingerprint
            if held {
                throw SSHAgentError.agentRefused(
                    "ssh-agent refused to make a \(algorithm.rawValue) signature with \(name); the key may need confirmation, or the agent does not allow this algorithm"
                )
            }
            throw SSHAgentError.keyNotInAgent(
                "ssh-agent does not hold the key \(name); add it with `ssh-add <private key file>` and check with `ssh-add -l`"
            )
        }
        let signature: SSHSignature
        do {
            signature = try SSHSignature(blob: blob)
        } catch {
            throw SSHAgentError.protocolError("ssh-agent returned a malformed signature: \(error)")
        }
        guard signature.algorithm == algorithm.rawValue else {
            throw SSHAgentError.protocolError(
                "asked ssh-agent for a \(algorithm.rawValue) signature but it returned \(signature.algorithm.debugDescription)"
            )
        }
        return signature
    }

    // MARK: - Transport

    /// Sends one request on a new connection and returns the agent's one reply.
    private func request(_ request: AgentRequest) async throws -> AgentReply {
        try checkSocket()
        let path = socketPath
        let group = self.group
        let timeout = self.timeout
        let payload = try await withThrowingTaskGroup(of: ByteBuffer.self) { tasks in
            tasks.addTask {
                try await Self.exchange(request, path: path, group: group, timeout: timeout)
            }
            tasks.addTask {
                try await Task.sleep(for: timeout)
                throw SSHAgentError.timeout("ssh-agent at \(path) did not answer within \(timeout); is it stuck waiting for a confirmation?")
            }
            defer { tasks.cancelAll() }
            guard let first = try await tasks.next() else {
                throw SSHAgentError.protocolError("no reply from ssh-agent at \(path)")
            }
            return first
        }
        return try AgentReply(payload: payload)
    }

    /// Connects, writes the framed request and reads one reply frame.
    private static func exchange(_ request: AgentRequest, path: String, group: any EventLoopGroup, timeout: Duration) async throws -> ByteBuffer {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
                .connect(unixDomainSocketPath: path) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(AgentFrameDecoder()))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch let error as SSHAgentError {
            throw error
        } catch {
            throw SSHAgentError.connectionFailed("cannot connect to ssh-agent at \(path): \(error); is the agent still running? (check SSH_AUTH_SOCK)")
        }
        do {
            return try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(request.frame(allocator: channel.channel.allocator))
                for try await payload in inbound {
                    return payload
                }
                try Task.checkCancellation()
                throw SSHAgentError.connectionFailed("ssh-agent at \(path) closed the connection without answering")
            }
        } catch let error as SSHAgentError {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch {
            throw SSHAgentError.connectionFailed("talking to ssh-agent at \(path) failed: \(error)")
        }
    }

    /// Fails with `noAgent` when the socket path does not exist or is not a socket.
    private func checkSocket() throws {
        let advice = "start an agent with `eval $(ssh-agent)` and add your key with `ssh-add`"
        // SSH_AUTH_SOCK is often a symlink to the real socket (forwarded agents, fixed paths).
        let resolved = URL(fileURLWithPath: socketPath).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved) else {
            throw SSHAgentError.noAgent("no ssh-agent: \(socketPath) (SSH_AUTH_SOCK) does not exist, so the agent has exited; \(advice)")
        }
        guard attributes[.type] as? FileAttributeType == .typeSocket else {
            throw SSHAgentError.noAgent("no ssh-agent: \(socketPath) (SSH_AUTH_SOCK) is not a socket; \(advice)")
        }
    }
}
