// SPDX-License-Identifier: Apache-2.0

// The full answer to an identities request: usable keys, and what was skipped.

/// The agent's identities that SSHKeys supports, plus an account of the others.
public struct SSHAgentIdentityList: Sendable, Hashable {
    /// The identities whose keys parsed (supported type, RSA ≥ 2048 bits).
    public var identities: [SSHAgentIdentity]
    /// One line per skipped identity: its comment and why (e.g. an `ssh-dss` key, a
    /// certificate, a 1024-bit RSA key).
    public var skipped: [String]

    /// A list from its parts.
    /// - Parameters:
    ///   - identities: The usable identities.
    ///   - skipped: Why the others were skipped.
    public init(identities: [SSHAgentIdentity], skipped: [String]) {
        self.identities = identities
        self.skipped = skipped
    }

    /// How many identities were skipped.
    public var skippedCount: Int { skipped.count }
}
