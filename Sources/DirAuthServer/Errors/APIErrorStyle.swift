// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import DirAuthCore
import DirAuthMiddleware
import Directory
import HTTPTypes
public import Hummingbird
import Logging

/// How one of dirauthd's APIs answers errors, and the one place where a domain error becomes
/// a status and a body for it. `/_auth` (``crtauth``) writes plain text; `/v1` (``json``) and
/// `/ungleichotp` (``ungleichOTP``) write `{"detail": "…"}`, and Django REST framework's field
/// errors `{"<field>": ["…"]}` for 400s about fields.
///
/// | error                                   | status | message                                             |
/// |-----------------------------------------|--------|-----------------------------------------------------|
/// | `CRTAuthError` malformed                | 400    | `Malformed X-CHAP message: …` / `Malformed message: …` |
/// | `CRTAuthError` other                    | 403    | `Failed to authenticate user`                       |
/// | `DirectoryError` unavailable            | 503    | `The directory is unavailable; try again shortly.` (logged with the route) |
/// | ``DirAuthCoreError`` `invalidCredentials` | 403  | `Incorrect authentication credentials.`             |
/// | `lockedOut`                             | 429    | `Request was throttled. Expected available in N seconds.` + `Retry-After` |
/// | `permissionDenied`                      | 403    | `You do not have permission to perform this action.` |
/// | `invalidFields`                         | 400    | field errors (DRF's words per problem)              |
/// | `notFound`                              | 404    | `Not found.`                                        |
/// | `duplicateEntry`, `nameTooLong`         | 400    | `{"non_field_errors": […]}`                         |
/// | `tokenRejected`                         | 403    | `Invalid or expired token.`                         |
/// | `DirAuthMiddlewareError` rejected       | 401    | `Unauthorized` + `WWW-Authenticate: crtauth`        |
/// | `DirAuthMiddlewareError` unavailable    | 503    | as a directory that does not answer (logged)        |
///
/// Errors the edge raised itself (``DirAuthHTTPError``: malformed headers and bodies) pass
/// through unchanged; anything else is Hummingbird's 500.
public enum APIErrorStyle: Sendable {
    /// crtauth's handshake: plain-text bodies, as Spotify's WSGI middleware answers.
    case crtauth
    /// The JSON API (`/v1/…`): `{"detail": "…"}`.
    case json
    /// The ungleich-otp API: Django REST framework's `{"detail"}` and field errors.
    case ungleichOTP

    /// The ungleich-otp answer to a caller that did not authenticate.
    static let incorrectCredentials = "Incorrect authentication credentials."
    /// The ungleich-otp answer to a caller without the capability.
    static let noPermission = "You do not have permission to perform this action."

    /// The answer to `error`, or `nil` for an error this style does not know.
    /// - Parameters:
    ///   - error: What a handler or service threw.
    ///   - logger: Receives the line for a directory that did not answer.
    ///   - route: The route, for that line.
    func answer(to error: any Error, logger: Logger, route: String) -> DirAuthHTTPError? {
        switch error {
        case let error as DirAuthHTTPError:
            return error
        case let error as DirAuthCoreError:
            return answer(to: error)
        case let error as CRTAuthError:
            let malformed = error.kind == .malformed
            switch self {
            case .crtauth:
                return malformed
                    ? DirAuthHTTPError(.badRequest, "Malformed X-CHAP message: \(error.reason)", style: .text)
                    : DirAuthHTTPError(.forbidden, "Failed to authenticate user", style: .text)
            case .json, .ungleichOTP:
                return malformed
                    ? DirAuthHTTPError(.badRequest, "Malformed message: \(error.reason)")
                    : DirAuthHTTPError(.forbidden, "Failed to authenticate user")
            }
        case let error as DirectoryError:
            switch error.kind {
            case .notFound: return DirAuthHTTPError(.notFound, "Not found.", style: bodyStyle)
            case .conflict: return DirAuthHTTPError(.conflict, "Conflict.", style: bodyStyle)
            case .invalidInput: return DirAuthHTTPError(.badRequest, "Invalid input.", style: bodyStyle)
            default: return directoryUnavailable(error, logger: logger, route: route)
            }
        case let error as DirAuthMiddlewareError:
            if error.code == .rejected { return .unauthorized }
            return directoryUnavailable(error, logger: logger, route: route)
        default:
            return nil
        }
    }

    private func answer(to error: DirAuthCoreError) -> DirAuthHTTPError {
        switch error.code {
        case .invalidCredentials:
            return DirAuthHTTPError(.forbidden, Self.incorrectCredentials, style: bodyStyle)
        case .lockedOut:
            let seconds = error.retryAfter ?? 1
            return DirAuthHTTPError(
                .tooManyRequests, "Request was throttled. Expected available in \(seconds) seconds.", style: bodyStyle,
                headers: [.retryAfter: String(seconds)]
            )
        case .permissionDenied:
            return DirAuthHTTPError(.forbidden, Self.noPermission, style: bodyStyle)
        case .invalidFields:
            return .fieldErrors(error.fieldErrors.map { ($0.field, $0.problems.map(Self.message)) })
        case .notFound:
            return DirAuthHTTPError(.notFound, "Not found.", style: bodyStyle)
        case .duplicateEntry:
            return .fieldErrors([("non_field_errors", ["The fields name, realm must make a unique set."])])
        case .nameTooLong:
            return .fieldErrors([("non_field_errors", ["Name and realm are too long together: at most about 236 bytes of UTF-8."])])
        default:  // .tokenRejected
            return DirAuthHTTPError(.forbidden, "Invalid or expired token.", style: bodyStyle)
        }
    }

    /// 503, with one error line naming the route: every route that reaches the directory says so.
    private func directoryUnavailable(_ error: any Error, logger: Logger, route: String) -> DirAuthHTTPError {
        logger.error("directory unavailable", metadata: ["route": "\(route)", "error": "\(error)"])
        return DirAuthHTTPError(.serviceUnavailable, "The directory is unavailable; try again shortly.", style: bodyStyle)
    }

    private var bodyStyle: DirAuthHTTPError.BodyStyle {
        self == .crtauth ? .text : .json
    }

    /// Django REST framework's words for a field problem.
    static func message(_ problem: FieldError.Problem) -> String {
        switch problem {
        case .missing: "This field is required."
        case .blank: "This field may not be blank."
        case .tooLong(let maximum): "Ensure this field has no more than \(maximum) characters."
        case .controlCharacters: "Control characters are not allowed."
        case .notAString: "Not a valid string."
        }
    }

    /// Runs `body`, answering what it throws in this style: the only `catch` of dirauthd's routes.
    /// - Parameters:
    ///   - request: The request (its path names the route in log lines).
    ///   - context: The request context.
    ///   - body: The handler chain.
    /// - Returns: `body`'s response.
    /// - Throws: The mapped ``DirAuthHTTPError``, or an error no style knows (Hummingbird's 500).
    func answering<Context: RequestContext>(
        _ request: Request, context: Context, _ body: () async throws -> Response
    ) async throws -> Response {
        do {
            return try await body()
        } catch {
            guard let answer = answer(to: error, logger: context.logger, route: request.uri.path) else { throw error }
            throw answer
        }
    }
}

/// Answers errors of a route group in one ``APIErrorStyle``.
public struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// How errors are written.
    public let style: APIErrorStyle

    /// Creates the middleware.
    /// - Parameter style: How errors are written.
    public init(style: APIErrorStyle) {
        self.style = style
    }

    /// Runs the rest of the chain and maps what it throws.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await style.answering(request, context: context) { try await next(request, context) }
    }
}
