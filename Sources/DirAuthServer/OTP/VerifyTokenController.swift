import CRTAuth
import Directory
import Foundation
import Hummingbird
import Logging

/// `POST /v1/verify` `{"token"}` → `{"username", "groups", "realms", "expires_at"}`: a
/// service checks a crtauth token a user presented to it.
///
/// The service proves itself with an OTP credential (`auth_name`/`auth_realm`/`auth_token`
/// in the JSON or form body, or the `X-Auth-*` headers) of a realm holding the verify
/// capability. Errors are `{"detail"}`: 403 "Incorrect authentication credentials." (bad
/// caller), 403 "You do not have permission…" (no verify capability), 400 `{"token": [...]}`,
/// 403 "Invalid or expired token." (the crtauth token), 429, 503.
struct VerifyTokenController: Sendable {
    let otp: OTPController
    let login: LoginService

    func addRoutes(to router: Router<DirAuthRequestContext>) {
        router.post("/v1/verify") { request, context in
            let fields = try await OTPRequestFields.read(request)
            let address = context.remoteAddress?.ipAddress
            do {
                _ = try await otp.authorize(fields, .authOnly, .verify, address: address)
            } catch let failure as OTPAuthenticator.Failure {
                switch failure {
                case .invalid: throw DirAuthHTTPError(.forbidden, OTPController.incorrectCredentials)
                case .locked(let seconds): throw OTPController.throttled(seconds)
                }
            } catch let error as DirectoryError {
                throw DirAuthHTTPError.directoryUnavailable(error, style: .json)
            }
            guard let token = fields.string("token"), !token.isEmpty else {
                throw DirAuthHTTPError.fieldErrors([("token", [fields.has("token") ? "This field may not be blank." : "This field is required."])])
            }
            do {
                let validated = try await login.validate(token: token)
                guard let memberships = try await otp.memberships.memberships(ofUser: validated.username) else {
                    throw DirAuthHTTPError(.forbidden, "Invalid or expired token.")
                }
                return VerifyResponse(
                    username: validated.username, groups: memberships.groups, realms: memberships.realms, expiresAt: validated.validTo
                )
            } catch is CRTAuthError {
                throw DirAuthHTTPError(.forbidden, "Invalid or expired token.")
            } catch let error as DirectoryError {
                throw DirAuthHTTPError.directoryUnavailable(error, style: .json)
            }
        }
        router.on("/v1/verify", method: .get) { _, _ -> Response in
            throw DirAuthHTTPError(.methodNotAllowed, "Method \"GET\" not allowed.", headers: [.allow: "POST"])
        }
    }

    struct VerifyResponse: ResponseEncodable {
        var username: String
        var groups: [String]
        var realms: [String]
        var expiresAt: Date
        enum CodingKeys: String, CodingKey {
            case username, groups, realms
            case expiresAt = "expires_at"
        }
    }
}
