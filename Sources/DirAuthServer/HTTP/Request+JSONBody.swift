// SPDX-License-Identifier: Apache-2.0

import Foundation
import Hummingbird

extension Request {
    /// The largest JSON body dirauthd reads.
    static let maximumJSONBodySize = 64 * 1024

    /// Decodes a JSON body, answering 415 for another media type and 400 with a
    /// `{"detail": …}` for anything that is not the expected object.
    func decodeJSONBody<Body: Decodable>(as type: Body.Type, context: some RequestContext) async throws -> Body {
        if let contentType = headers[.contentType], !contentType.lowercased().hasPrefix("application/json") {
            throw DirAuthHTTPError(.unsupportedMediaType, "Unsupported media type \"\(contentType)\" in request.")
        }
        let buffer = try await collectBody(upTo: Self.maximumJSONBodySize)
        guard buffer.isValidUTF8 else {
            throw DirAuthHTTPError(.badRequest, "The body is not valid UTF-8.")
        }
        do {
            return try JSONDecoder().decode(Body.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, _) {
            throw DirAuthHTTPError(.badRequest, "Missing field \"\(key.stringValue)\".")
        } catch let DecodingError.typeMismatch(_, context) where !context.codingPath.isEmpty {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw DirAuthHTTPError(.badRequest, "Field \"\(field)\" has the wrong type.")
        } catch let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw DirAuthHTTPError(.badRequest, "Field \"\(field)\" may not be null.")
        } catch {
            throw DirAuthHTTPError(.badRequest, "The body is not a JSON object of the expected shape.")
        }
    }
}
