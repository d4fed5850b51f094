import CRTAuth
import Directory
public import Hummingbird
import HTTPTypes
import Logging

/// The crtauth handshake at `/_auth`, as Spotify's WSGI middleware answers it
/// (crtauth-protocol.md §9.1), on any method and ignoring the query string:
///
/// | request                         | answer                                            |
/// |---------------------------------|---------------------------------------------------|
/// | `X-CHAP: request:<r>`           | 200, `X-CHAP: challenge:<c>`                      |
/// | `X-CHAP: response:<r>`          | 200, `X-CHAP: token:<t>`                          |
/// | well-formed but failing message | 403 `Failed to authenticate user`                 |
/// | missing/unparsable `X-CHAP`     | 400 with a short reason (the reference: 403/500)  |
/// | directory down                  | 503                                               |
///
/// Every other path passes through to the router.
public struct CRTAuthHandshakeMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The path of the handshake.
    public static var path: String { "/_auth" }
    let login: LoginService

    /// Creates the middleware.
    /// - Parameter login: The login flow.
    public init(login: LoginService) {
        self.login = login
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path == Self.path else { return try await next(request, context) }
        guard let value = request.headers[.xCHAP] else {
            throw DirAuthHTTPError(.badRequest, "Missing X-CHAP header", style: .text)
        }
        guard let colon = value.firstIndex(of: ":") else {
            throw DirAuthHTTPError(.badRequest, "Malformed X-CHAP header: expected request:<…> or response:<…>", style: .text)
        }
        let kind = value[..<colon]
        let payload = String(value[value.index(after: colon)...])
        do {
            switch kind {
            case "request" where payload.isEmpty:
                throw DirAuthHTTPError(.badRequest, "Malformed X-CHAP message: empty request", style: .text)
            case "request":
                let challenge = try await login.challenge(for: try CRTRequest.parse(headerValue: payload), host: request.head.authority)
                return Self.answer("challenge:" + challenge.challenge)
            case "response":
                let token = try await login.token(for: payload)
                return Self.answer("token:" + token.token)
            default:
                throw DirAuthHTTPError(.badRequest, "Unknown X-CHAP kind: expected request or response", style: .text)
            }
        } catch let error as CRTAuthError {
            throw Self.mapped(error)
        } catch let error as DirectoryError {
            context.logger.error("directory unavailable during /_auth", metadata: ["error": "\(error)"])
            throw DirAuthHTTPError.directoryUnavailable(error, style: .text)
        }
    }

    static func answer(_ xchap: String) -> Response {
        Response(status: .ok, headers: [.xCHAP: xchap])
    }

    /// Undecodable messages are the client's fault (400); everything else that fails
    /// is an authentication failure with the reference's one-line answer (403).
    static func mapped(_ error: CRTAuthError) -> DirAuthHTTPError {
        switch error.kind {
        case .malformed:
            DirAuthHTTPError(.badRequest, "Malformed X-CHAP message: \(error.reason)", style: .text)
        default:
            DirAuthHTTPError(.forbidden, "Failed to authenticate user", style: .text)
        }
    }
}

extension HTTPField.Name {
    /// crtauth's handshake header.
    static let xCHAP = HTTPField.Name("X-CHAP")!
}
