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
///     .add(middleware: DirAuthTokenMiddleware(verifier: try LocalTokenVerifier(secrets: [secret])))
///     .get("/hello") { _, context in "hello \(try context.requireDirAuthIdentity().username)" }
/// ```
/// Not trusted with it: ask dirauthd's `POST /v1/verify` with the service's OTP entry (its realm
/// needs the verify capability); answers are cached for 10 s.
/// ```swift
/// let verifier = try RemoteTokenVerifier(
///     dirauthURL: URL(string: "https://auth.example.com")!,
///     credential: .init(name: "billing", realm: "ungleich-auth", seed: try OTPSecret(base32: seed)))
/// router.add(middleware: DirAuthTokenMiddleware(verifier: verifier))
/// // handlers: context.dirAuthIdentity?.groups.contains("admins")
/// ```
/// Clients get tokens from dirauthd (`dirauth token https://auth.example.com`), not from this service.
public struct DirAuthTokenMiddleware<Context: DirAuthRequestContextProtocol>: RouterMiddleware {
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
    /// - Throws: ``DirAuthMiddlewareError``, which answers 401 (with `WWW-Authenticate: crtauth`)
    ///   for a missing or bad token and 503 when the verifier is unavailable.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = CRTAuthorization.token(fromHeader: request.headers[.authorization]) else {
            throw DirAuthMiddlewareError.rejected("no chap token in Authorization")
        }
        var context = context
        context.dirAuthIdentity = try await identity(of: token, logger: context.logger)
        return try await next(request, context)
    }

    /// The verifier's answer, logged; whatever else a custom verifier throws counts as unavailable.
    private func identity(of token: String, logger: Logger) async throws -> DirAuthIdentity {
        do {
            return try await verifier.verify(token: token)
        } catch let error as DirAuthMiddlewareError where error.code == .rejected {
            logger.debug("dirauth token rejected", metadata: ["reason": "\(error.message)"])
            throw error
        } catch let error as DirAuthMiddlewareError {
            logger.error("dirauth token verification unavailable", metadata: ["reason": "\(error.message)"])
            throw error
        } catch {
            logger.error("dirauth token verification unavailable", metadata: ["reason": "\(error)"])
            throw DirAuthMiddlewareError.unavailable("\(error)")
        }
    }
}
