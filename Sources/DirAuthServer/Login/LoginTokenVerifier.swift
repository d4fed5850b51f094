// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import DirAuthCore
import DirAuthMiddleware
import Directory

/// dirauthd's own routes are protected by the middleware it ships (`DirAuthTokenMiddleware`),
/// with this verifier behind it: the token is checked with dirauthd's secrets and its user must
/// still have a key in the directory (so removing a user revokes their tokens).
struct LoginTokenVerifier: DirAuthTokenVerifier {
    let login: LoginService

    /// Checks `token`.
    /// - Throws: `DirAuthMiddlewareError` `rejected` (→ 401) or `unavailable` (→ 503).
    func verify(token: String) async throws -> DirAuthIdentity {
        do {
            let valid = try await login.validate(token: token)
            return DirAuthIdentity(username: valid.username, expiresAt: valid.validTo)
        } catch let error as DirAuthCoreError {
            throw DirAuthMiddlewareError.rejected(error.diagnostic)
        } catch let error as DirectoryError {
            throw DirAuthMiddlewareError.unavailable("\(error)")
        }
    }
}
