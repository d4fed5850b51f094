// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import DirAuthAPI
import DirAuthCore
import DirAuthMiddleware
import Foundation
import Hummingbird

/// The JSON face of crtauth login (PROTOCOL.md, "HTTP JSON API"):
///
/// - `POST /v1/challenge` ``ChallengeRequest`` → ``ChallengeResponse``
/// - `POST /v1/token` ``TokenRequest`` → ``TokenResponse``
/// - `GET /v1/whoami` (protected by the shipped `DirAuthTokenMiddleware`) → ``WhoAmIResponse``
///
/// Errors are ``APIErrorStyle/json``: 400 malformed, 403 authentication failed,
/// 401 missing or bad token, 503 directory unavailable.
struct LoginController {
    let login: LoginService

    func addRoutes(to api: RouterGroup<DirAuthRequestContext>) {
        api.post("challenge") { request, context in
            let body = try await request.decodeJSONBody(as: ChallengeRequest.self, context: context)
            let fingerprint = try body.fingerprint.map(Self.sha256Fingerprint)
            let crtRequest = CRTRequest(username: body.username, version: .v1, keyFingerprint: fingerprint)
            let challenge = try await login.challenge(for: crtRequest, host: request.head.authority)
            return ChallengeResponse(challenge: challenge.challenge)
        }
        api.post("token") { request, context in
            let body = try await request.decodeJSONBody(as: TokenRequest.self, context: context)
            let token = try await login.token(for: body.response)
            return TokenResponse(token: token.token, username: token.username, expiresAt: token.validTo)
        }
        api.group("whoami")
            .add(middleware: DirAuthTokenMiddleware(verifier: LoginTokenVerifier(login: login)))
            .get { _, context -> Response in
                let user = try context.requireDirAuthIdentity()
                return JSONBody.response(WhoAmIResponse(username: user.username, expiresAt: user.expiresAt).json)
            }
    }

    /// `SHA256:<unpadded base64>` → the 32 digest bytes.
    static func sha256Fingerprint(_ text: String) throws -> [UInt8] {
        guard text.hasPrefix("SHA256:") else {
            throw DirAuthHTTPError(.badRequest, "Field \"fingerprint\" must be an OpenSSH SHA256:… fingerprint.")
        }
        var base64 = String(text.dropFirst("SHA256:".count))
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), data.count == 32 else {
            throw DirAuthHTTPError(.badRequest, "Field \"fingerprint\" must be an OpenSSH SHA256:… fingerprint.")
        }
        return Array(data)
    }
}
