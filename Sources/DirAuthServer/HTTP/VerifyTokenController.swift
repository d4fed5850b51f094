// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import DirAuthCore
import Directory
import Hummingbird

/// `POST /v1/verify` ``VerifyTokenRequest`` (JSON or form, or the caller in `X-Auth-*` headers)
/// → ``VerifyTokenResponse``: a service checks a crtauth token a user presented to it.
///
/// The service proves itself with an OTP triple of a realm holding the verify capability.
/// Errors are ``APIErrorStyle/json``: 403 "Incorrect authentication credentials." (bad
/// caller), 403 "You do not have permission…" (no verify capability), 400 `{"token": [...]}`,
/// 403 "Invalid or expired token." (the crtauth token), 429, 503.
struct VerifyTokenController: Sendable {
    let tokens: TokenVerificationService

    func addRoutes(to api: RouterGroup<DirAuthRequestContext>) {
        api.post("verify") { request, context in
            let fields = try await OTPRequestFields.read(request)
            let verified = try await tokens.verify(
                token: fields.input("token"), caller: fields.caller(allowLegacy: false), address: context.sourceAddress
            )
            return VerifyTokenResponse(
                username: verified.username, groups: verified.memberships.groups, realms: verified.memberships.realms, expiresAt: verified.expiresAt
            )
        }
        api.on("verify", method: .get) { _, _ -> Response in
            throw DirAuthHTTPError(.methodNotAllowed, "Method \"GET\" not allowed.", headers: [.allow: "POST"])
        }
    }
}
