// SPDX-License-Identifier: Apache-2.0

import CRTAuth
public import DirAuthCore
public import Hummingbird
import HTTPTypes

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
/// Errors are written in ``APIErrorStyle/crtauth``. Every other path passes through to the router.
public struct CRTAuthHandshakeMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The path of the handshake.
    public static var path: String { "/_auth" }
    let login: LoginService

    /// Creates the middleware.
    /// - Parameter login: The login flow.
    public init(login: LoginService) {
        self.login = login
    }

    /// Answers `/_auth`; passes everything else on.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path == Self.path else { return try await next(request, context) }
        return try await APIErrorStyle.crtauth.answering(request, context: context) {
            try await handshake(request)
        }
    }

    private func handshake(_ request: Request) async throws -> Response {
        guard let value = request.headers[.xCHAP] else {
            throw DirAuthHTTPError(.badRequest, "Missing X-CHAP header", style: .text)
        }
        guard let colon = value.firstIndex(of: ":") else {
            throw DirAuthHTTPError(.badRequest, "Malformed X-CHAP header: expected request:<…> or response:<…>", style: .text)
        }
        let payload = String(value[value.index(after: colon)...])
        switch value[..<colon] {
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
    }

    static func answer(_ xchap: String) -> Response {
        Response(status: .ok, headers: [.xCHAP: xchap])
    }
}

extension HTTPField.Name {
    /// crtauth's handshake header.
    static let xCHAP = HTTPField.Name("X-CHAP")!
}
