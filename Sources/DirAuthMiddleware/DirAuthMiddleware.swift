// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §9.1 (the WSGI middleware): "other paths, Authorization starts with chap: and
// token validates → app called, environ['crtauth.username'] = username"; §9.2 (Helios): "protected
// resources without valid token → 401 with WWW-Authenticate: crtauth". `Authorization` must start
// with lowercase `chap:`; the token is the rest.

public import Hummingbird
import CRTAuth
import HTTPTypes
import Logging

/// Protects routes of any Hummingbird service with dirauth (crtauth) tokens, as crtauth's WSGI
/// middleware did for Python services.
///
/// A request must carry `Authorization: chap:<token>`; otherwise, or when the token is forged,
/// expired or unknown, the answer is 401 with `WWW-Authenticate: crtauth`. A valid token puts a
/// ``DirAuthIdentity`` into the context. When dirauthd cannot be asked (remote mode), the answer is 503.
///
/// Trusted with the secret (same `DIRAUTH_SECRET_FILE` as dirauthd): validate locally.
/// ```swift
/// let router = Router(context: BasicDirAuthRequestContext.self)
/// router.group("/api")
///     .add(middleware: DirAuthMiddleware(verifier: try LocalTokenVerifier(secrets: [secret])))
///     .get("/hello") { _, context in "hello \(try context.requireDirAuthIdentity().username)" }
/// ```
/// Not trusted with it: ask dirauthd's `POST /v1/verify` with the service's OTP entry (its realm
/// needs the verify capability); answers are cached for 10 s.
/// ```swift
/// let verifier = try RemoteTokenVerifier(
///     dirauthURL: URL(string: "https://auth.example.com")!,
///     credential: .init(name: "billing", realm: "ungleich-auth", seed: try OTPSecret(base32: seed)))
/// router.add(middleware: DirAuthMiddleware(verifier: verifier))
/// // handlers: context.dirAuthIdentity?.groups.contains("admins")
/// ```
/// Clients get tokens from dirauthd (`dirauth token https://auth.example.com`), not from this service.
public struct DirAuthMiddleware<Context: DirAuthRequestContextProtocol>: RouterMiddleware {
    /// How tokens are checked.
    public let verifier: any DirAuthTokenVerifier

    /// Creates the middleware.
    /// - Parameter verifier: ``LocalTokenVerifier`` or ``RemoteTokenVerifier`` (or your own).
    public init(verifier: any DirAuthTokenVerifier) {
        self.verifier = verifier
    }

    /// Checks the token and calls `next` with the identity in the context.
    /// - Parameters:
    ///   - request: The request.
    ///   - context: The context.
    ///   - next: The rest of the chain.
    /// - Returns: `next`'s response.
    /// - Throws: 401 `HTTPError` (with `WWW-Authenticate: crtauth`) for a missing or bad token; 503 when the verifier is unavailable.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = CRTAuthorization.token(fromHeader: request.headers[.authorization]) else {
            throw DirAuthMiddlewareError.unauthorizedResponse
        }
        var context = context
        do {
            context.dirAuthIdentity = try await verifier.verify(token: token)
        } catch let error as DirAuthMiddlewareError where error.code == .rejected {
            context.logger.debug("dirauth token rejected", metadata: ["reason": "\(error.message)"])
            throw DirAuthMiddlewareError.unauthorizedResponse
        } catch let error as DirAuthMiddlewareError {
            context.logger.error("dirauth token verification unavailable", metadata: ["reason": "\(error.message)"])
            throw HTTPError(.serviceUnavailable, message: "Authentication is unavailable; try again shortly.")
        }
        return try await next(request, context)
    }
}
