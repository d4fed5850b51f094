import CRTAuth
import Directory
public import HTTPTypes
public import Hummingbird
import NIOCore
import Foundation

/// Every error dirauthd answers with, rendered in exactly one place.
///
/// Domain errors (``CRTAuthError``, ``DirectoryError``) are mapped to this type by
/// the handlers' `mapped` helpers; nothing else in the code base knows about HTTP
/// status codes. The body is either plain text (the crtauth handshake, as the
/// reference middleware answers) or `{"detail": "…"}` (the JSON APIs).
public struct DirAuthHTTPError: Error, HTTPResponseError, Sendable {
    /// How the body is written.
    public enum BodyStyle: Sendable { case text, json }

    /// The status code.
    public var status: HTTPResponse.Status
    /// Extra headers (e.g. `WWW-Authenticate`, `Retry-After`).
    public var headers: HTTPFields
    /// The message for the client; never contains secrets.
    public var message: String
    /// Text or JSON.
    public var style: BodyStyle

    /// Creates an error response.
    public init(_ status: HTTPResponse.Status, _ message: String, style: BodyStyle = .json, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.style = style
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        let body: String
        switch style {
        case .text:
            headers[.contentType] = "text/plain; charset=utf-8"
            body = message
        case .json:
            headers[.contentType] = "application/json"
            body = JSONBody.detail(message)
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// `401 Unauthorized` with `WWW-Authenticate: crtauth` for protected routes.
    public static let unauthorized = DirAuthHTTPError(
        .unauthorized, "Unauthorized", style: .text, headers: [.wwwAuthenticate: "crtauth"]
    )

    /// 503 for a directory that did not answer, in the given style.
    static func directoryUnavailable(_ error: DirectoryError, style: BodyStyle) -> DirAuthHTTPError {
        DirAuthHTTPError(.serviceUnavailable, "The directory is unavailable; try again shortly.", style: style)
    }
}

/// The small JSON bodies dirauthd writes by hand (so they never fail to encode).
enum JSONBody {
    /// `{"detail": message}`.
    static func detail(_ message: String) -> String {
        "{\"detail\":\(quoted(message))}"
    }

    /// A JSON string literal of `text`.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
