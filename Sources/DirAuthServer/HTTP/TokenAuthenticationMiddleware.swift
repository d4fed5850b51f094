import CRTAuth
import Directory
public import Hummingbird
import HTTPTypes

/// Guards routes with `Authorization: chap:<token>`: a missing, malformed, forged,
/// expired or revoked token gets 401 with `WWW-Authenticate: crtauth`; a valid one
/// puts its user into the context.
public struct TokenAuthenticationMiddleware: RouterMiddleware {
    public typealias Context = DirAuthRequestContext
    let login: LoginService

    /// Creates the middleware.
    /// - Parameter login: Validates tokens and re-checks their users.
    public init(login: LoginService) {
        self.login = login
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token = CRTAuthorization.token(fromHeader: request.headers[.authorization]) else { throw DirAuthHTTPError.unauthorized }
        var context = context
        do {
            context.user = try await login.validate(token: token)
        } catch is CRTAuthError {
            throw DirAuthHTTPError.unauthorized
        } catch let error as DirectoryError {
            throw DirAuthHTTPError.directoryUnavailable(error, style: .json)
        }
        return try await next(request, context)
    }
}
