// SPDX-License-Identifier: Apache-2.0

public import SSHKeys

/// Finds a user's SSH public keys.
///
/// The username is untrusted input (it comes straight from a login request):
/// implementations escape it for LDAP filters and reject path separators for files.
///
/// ```swift
/// let keys = try await directory.publicKeys(forUser: "alice")   // nil: no such user
/// ```
public protocol PublicKeyDirectory: Sendable {
    /// The user's usable keys in directory order; `[]` when the user exists without
    /// usable keys, `nil` when the user is unknown to this source.
    /// - Parameter username: The login name.
    /// - Throws: ``DirectoryError`` when the source cannot answer.
    func publicKeys(forUser username: String) async throws -> [SSHPublicKey]?
}
