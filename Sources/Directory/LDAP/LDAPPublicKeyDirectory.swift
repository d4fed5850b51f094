// SPDX-License-Identifier: Apache-2.0

public import LDAPClient
public import Logging
public import SSHKeys

/// Users' keys from the `sshPublicKey` values (openssh-lpk) of `uid=<user>` entries
/// under the people base.
///
/// The directory matches `uid` case-insensitively; dirauth only accepts the entry when
/// its `uid` equals the requested name exactly, so `ALICE` cannot log in as `alice`
/// and be named `ALICE` in her token.
///
/// Every value is read; a value may hold several OpenSSH lines. Values that cannot be
/// used (malformed, unsupported type, RSA under 2048 bits) are skipped and logged with
/// the reason; they never fail the lookup.
public struct LDAPPublicKeyDirectory: PublicKeyDirectory {
    let client: LDAPConnectionPool
    let layout: DirectoryLayout
    let logger: Logger

    /// Creates the adapter.
    /// - Parameters:
    ///   - client: The LDAP connection pool.
    ///   - layout: Where people live and which attributes to read.
    ///   - logger: Receives skipped-key warnings.
    public init(client: LDAPConnectionPool, layout: DirectoryLayout, logger: Logger) {
        self.client = client
        self.layout = layout
        self.logger = logger
    }

    public func publicKeys(forUser username: String) async throws -> [SSHPublicKey]? {
        guard !username.isEmpty else { return nil }
        let entries = try await directoryOperation {
            try await client.search(
                base: layout.peopleBase,
                filter: .equal(layout.userAttribute, username),
                attributes: [layout.userAttribute, layout.publicKeyAttribute],
                sizeLimit: 2
            )
        }
        guard entries.count == 1, let entry = entries.first, layout.isExactUser(entry, username) else {
            if entries.count > 1 {
                logger.warning("more than one entry for user; refusing to pick one", metadata: ["user": "\(username)"])
            }
            return nil
        }
        var keys: [SSHPublicKey] = []
        for value in entry.values(layout.publicKeyAttribute) {
            let parsed = SSHPublicKey.parseMany(String(decoding: value, as: UTF8.self))
            keys += parsed.keys
            for error in parsed.errors {
                logger.warning("skipped an sshPublicKey value", metadata: ["dn": "\(entry.dn)", "reason": "\(error)"])
            }
        }
        return keys
    }
}
