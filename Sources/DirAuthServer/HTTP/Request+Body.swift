// SPDX-License-Identifier: Apache-2.0

import Hummingbird
import NIOCore

extension Request {
    /// The whole body, at most `limit` bytes.
    ///
    /// A body over the limit is 413; a body that cannot be read at all (a malformed chunk size, a
    /// connection that breaks off) is the client's 400, not a size problem.
    /// - Parameter limit: The most bytes read.
    /// - Throws: ``DirAuthHTTPError`` 413 or 400.
    func collectBody(upTo limit: Int) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw DirAuthHTTPError(.contentTooLarge, "Request body is larger than \(limit) bytes.")
        } catch {
            throw DirAuthHTTPError(.badRequest, "The request body could not be read.")
        }
    }
}

extension ByteBuffer {
    /// Whether the readable bytes are well-formed UTF-8 (RFC 8259 §8.1: JSON text is UTF-8;
    /// a decoder that repairs bad bytes would hand the services a different name than was sent).
    var isValidUTF8: Bool {
        String(validating: readableBytesView, as: UTF8.self) != nil
    }
}
