// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// dirauthd's HTTP contract: the OpenAPI 3.1 document every route follows, and the JSON
/// coders the wire models are written and read with.
///
/// The request and response bodies of the document are typed once, in this module, and shared
/// by the server (`DirAuthServer`), the client library (`DirAuthClient`) and the middleware
/// (`DirAuthMiddleware`).
public enum APIContract {
    /// The OpenAPI 3.1 document (`openapi.yaml` beside this file), as dirauthd serves it at `GET /openapi.yaml`.
    public static var openAPIDocument: [UInt8] { PackageResources.openapi_yaml }

    /// Writes wire models: keys sorted, times as RFC 3339 `date-time` in UTC (`2026-11-22T13:43:00Z`).
    public static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Reads wire models: times as RFC 3339 `date-time`.
    public static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
