import CRTAuth
import Directory
import Foundation
import Hummingbird
import SSHKeys

/// The JSON face of crtauth login (PROTOCOL.md, "HTTP JSON API"):
///
/// - `POST /v1/challenge` `{"username"[, "fingerprint"]}` → `{"challenge"}`
/// - `POST /v1/token` `{"response"}` → `{"token", "username", "expires_at"}`
/// - `GET /v1/whoami` (protected) → `{"username", "expires_at"}`
///
/// Errors are `{"detail": "…"}`: 400 malformed, 403 authentication failed,
/// 401 missing or bad token, 503 directory unavailable.
struct LoginController {
    let login: LoginService

    func addRoutes(to router: Router<DirAuthRequestContext>) {
        router.post("/v1/challenge") { request, context in
            let body = try await request.decodeJSONBody(as: ChallengeRequest.self, context: context)
            let fingerprint = try body.fingerprint.map(Self.sha256Fingerprint)
            let crtRequest = CRTRequest(username: body.username, version: .v1, keyFingerprint: fingerprint)
            let challenge = try await mapped { try await login.challenge(for: crtRequest, host: request.head.authority) }
            return ChallengeResponse(challenge: challenge.challenge)
        }
        router.post("/v1/token") { request, context in
            let body = try await request.decodeJSONBody(as: TokenRequest.self, context: context)
            let token = try await mapped { try await login.token(for: body.response) }
            return TokenResponse(token: token.token, username: token.username, expiresAt: token.validTo)
        }
        router.group("/v1/whoami")
            .add(middleware: TokenAuthenticationMiddleware(login: login))
            .get { _, context -> Response in
                let user = try context.requireUser()
                return JSONBody.response(JSONBody.object(["expires_at": JSONBody.timestamp(user.validTo), "username": user.username]))
            }
    }

    /// Runs `body`, turning domain errors into JSON HTTP errors.
    private func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CRTAuthError {
            switch error.kind {
            case .malformed: throw DirAuthHTTPError(.badRequest, "Malformed message: \(error.reason)")
            default: throw DirAuthHTTPError(.forbidden, "Failed to authenticate user")
            }
        } catch let error as DirectoryError {
            throw DirAuthHTTPError.directoryUnavailable(error, style: .json)
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

    struct ChallengeRequest: Decodable {
        var username: String
        var fingerprint: String?
    }
    struct ChallengeResponse: ResponseEncodable {
        var challenge: String
    }
    struct TokenRequest: Decodable {
        var response: String
    }
    struct TokenResponse: ResponseEncodable {
        var token: String
        var username: String
        var expiresAt: Date
        enum CodingKeys: String, CodingKey {
            case token, username
            case expiresAt = "expires_at"
        }
    }
}
