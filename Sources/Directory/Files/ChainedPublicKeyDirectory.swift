// SPDX-License-Identifier: Apache-2.0

public import SSHKeys

/// Asks several key sources in order; the first that knows the user answers
/// (crtauth's `HybridKeyProvider`: LDAP first, files as fallback, or the reverse).
public struct ChainedPublicKeyDirectory: PublicKeyDirectory {
    /// The sources, in the order they are asked.
    public var sources: [any PublicKeyDirectory]

    /// Creates a chain of `sources`.
    public init(_ sources: [any PublicKeyDirectory]) {
        self.sources = sources
    }

    public func publicKeys(forUser username: String) async throws -> [SSHPublicKey]? {
        for source in sources {
            if let keys = try await source.publicKeys(forUser: username) { return keys }
        }
        return nil
    }
}
