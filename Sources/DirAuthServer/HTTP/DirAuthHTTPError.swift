// SPDX-License-Identifier: Apache-2.0

public import HTTPTypes
public import Hummingbird
import NIOCore
import Foundation

/// Every error dirauthd answers with, rendered in exactly one place.
///
/// The edge raises it for requests it cannot read (media type, size, malformed headers and
/// bodies); domain errors become it in ``APIErrorStyle``, the one mapping place per API
/// style. Nothing outside the edge knows about HTTP status codes. The body is plain text (the crtauth handshake, as the reference
/// middleware answers), `{"detail": "…"}` (the JSON APIs), or Django REST framework's
/// field errors `{"<field>": ["…"]}` (the ungleich-otp API's 400s).
public struct DirAuthHTTPError: Error, HTTPResponseError, Sendable {
    /// How the body is written.
    public enum BodyStyle: Sendable {
        /// `text/plain`: the message as it is.
        case text
        /// `{"detail": message}`.
        case json
        /// `{"<field>": ["<message>", …], …}`, keys in the given order.
        case fieldErrors([(field: String, messages: [String])])
    }

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
        case .fieldErrors(let fields):
            headers[.contentType] = "application/json"
            body = JSONBody.fieldErrors(fields)
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// `401 Unauthorized` with `WWW-Authenticate: crtauth` for protected routes.
    public static let unauthorized = DirAuthHTTPError(
        .unauthorized, "Unauthorized", style: .text, headers: [.wwwAuthenticate: "crtauth"]
    )

    /// A 400 with field errors, ungleich-otp's shape for invalid fields.
    /// - Parameter fields: The fields and their messages, in order.
    public static func fieldErrors(_ fields: [(field: String, messages: [String])]) -> DirAuthHTTPError {
        let summary = fields.map { "\($0.field): \($0.messages.joined(separator: " "))" }.joined(separator: "; ")
        return DirAuthHTTPError(.badRequest, summary, style: .fieldErrors(fields))
    }
}
