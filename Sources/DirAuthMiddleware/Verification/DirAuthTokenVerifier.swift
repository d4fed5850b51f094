// SPDX-License-Identifier: Apache-2.0

/// Turns a crtauth token into an identity: locally with the shared secret
/// (``LocalTokenVerifier``) or by asking dirauthd (``RemoteTokenVerifier``).
public protocol DirAuthTokenVerifier: Sendable {
    /// Verifies a token.
    /// - Parameter token: The text after `Authorization: chap:`.
    /// - Returns: Who the token belongs to.
    /// - Throws: ``DirAuthMiddlewareError/Code/rejected`` for a bad token;
    ///   ``DirAuthMiddlewareError/Code/unavailable`` when no answer can be had.
    func verify(token: String) async throws -> DirAuthIdentity
}
