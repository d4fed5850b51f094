// SPDX-License-Identifier: Apache-2.0
// One HTTP round trip with AsyncHTTPClient, with transport failures and 5xx mapped to
// DirAuthClientError (unreachable / serverError) in one place.

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A response read completely: status, headers and body.
public struct HTTPReply: Sendable {
    /// The status code.
    public var status: Int
    /// The response headers as (name, value) pairs, in order.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    /// The first value of header `name` (case-insensitive).
    /// - Parameter name: The header name.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The body as UTF-8 text, at most `limit` characters, on one line (for error messages).
    func shortText(limit: Int = 200) -> String {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
            .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}

/// Sends requests and reads whole replies.
struct HTTPExchange: Sendable {
    /// The largest body read (16 MiB).
    static let maximumBodySize = 16 << 20

    let client: HTTPClient
    let timeout: Duration

    /// Sends one request.
    /// - Throws: ``DirAuthClientError/Code/unreachable`` when no answer arrived;
    ///   ``DirAuthClientError/Code/serverError`` for 5xx when `failOn5xx`.
    func send(
        method: String, url: String, headers: [(String, String)] = [], body: [UInt8]? = nil, failOn5xx: Bool = true
    ) async throws -> HTTPReply {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method.uppercased())
        for (name, value) in headers {
            request.headers.add(name: name, value: value)
        }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let reply: HTTPReply
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout / .nanoseconds(1))))
            let buffer = try await response.body.collect(upTo: Self.maximumBodySize)
            reply = HTTPReply(
                status: Int(response.status.code),
                headers: response.headers.map { ($0.name, $0.value) },
                body: Array(buffer.readableBytesView))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw DirAuthClientError.unreachable("cannot reach \(Self.redacted(url)): \(error)")
        }
        if failOn5xx, reply.status >= 500 {
            let text = reply.shortText()
            throw DirAuthClientError.serverError(
                "\(Self.redacted(url)) answered \(reply.status)\(text.isEmpty ? "" : ": \(text)")")
        }
        return reply
    }

    /// The URL without its query (which may hold secrets) for messages.
    static func redacted(_ url: String) -> String {
        String(url.prefix { $0 != "?" })
    }
}
