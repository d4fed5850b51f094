public import HTTPTypes
public import Hummingbird
import NIOCore

/// A 400 with Django REST framework's field-error body, `{"<field>": ["<message>"], …}`
/// (ungleich-otp's shape; keys in the order they were added).
///
/// The JSON `{"detail"}` errors go through ``DirAuthHTTPError``; this is the one other
/// body shape the OTP API needs.
public struct OTPFieldErrors: Error, HTTPResponseError, Sendable {
    /// The fields and their messages, in order.
    public var fields: [(field: String, messages: [String])]

    /// Creates the error.
    /// - Parameter fields: The fields and their messages, in order.
    public init(_ fields: [(field: String, messages: [String])]) {
        self.fields = fields
    }

    /// Always 400.
    public var status: HTTPResponse.Status { .badRequest }

    /// The JSON body.
    public var body: String {
        let members = fields.map { field in
            JSONBody.quoted(field.field) + ":[" + field.messages.map(JSONBody.quoted).joined(separator: ",") + "]"
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
