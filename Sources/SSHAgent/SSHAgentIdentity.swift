// SPDX-License-Identifier: Apache-2.0

// One key held by ssh-agent.
public import SSHKeys

/// A key the agent holds, as listed by `SSH2_AGENTC_REQUEST_IDENTITIES`.
public struct SSHAgentIdentity: Sendable, Hashable {
    /// The public key (its ``SSHPublicKey/comment`` is the agent's comment).
    public var publicKey: SSHPublicKey
    /// The agent's comment for the key, usually the key file's path or `user@host`.
    public var comment: String

    /// An identity from its parts.
    /// - Parameters:
    ///   - publicKey: The key.
    ///   - comment: The agent's comment.
    public init(publicKey: SSHPublicKey, comment: String) {
        self.publicKey = publicKey
        self.comment = comment
    }
}
