// SPDX-License-Identifier: Apache-2.0
// Local validation with the shared secret(s), as crtauth's WSGI middleware did
// (crtauth-protocol.md §9.1: "token validates → app called, environ['crtauth.username'] = username").

import CRTAuth
public import Foundation

/// Validates v1 and legacy tokens with the secret(s) dirauthd signs with (`DIRAUTH_SECRET_FILE`):
/// no network, no memberships.
public struct LocalTokenVerifier: DirAuthTokenVerifier {
    private let validator: CRTTokenValidator
    private let now: @Sendable () -> Date

    /// Creates a verifier.
    /// - Parameters:
    ///   - secrets: The shared secrets; every one is accepted (rotation).
    ///   - now: The clock (tests replace it).
    /// - Throws: ``DirAuthMiddlewareError/Code/invalidConfiguration`` when the list or a secret is empty.
    public init(secrets: [[UInt8]], now: @escaping @Sendable () -> Date = { Date() }) throws {
        do {
            validator = try CRTTokenValidator(secrets: secrets)
        } catch let error as CRTAuthError {
            throw DirAuthMiddlewareError.invalidConfiguration(error.reason)
        }
        self.now = now
    }

    /// Validates `token`.
    /// - Parameter token: The token.
    /// - Returns: The user and expiry (no memberships).
    /// - Throws: ``DirAuthMiddlewareError/Code/rejected``.
    public func verify(token: String) async throws -> DirAuthIdentity {
        do {
            let valid = try validator.validate(token, now: now())
            return DirAuthIdentity(username: valid.username, expiresAt: valid.validTo)
        } catch let error as CRTAuthError {
            throw DirAuthMiddlewareError.rejected(error.reason)
        }
    }
}
