// SPDX-License-Identifier: Apache-2.0
// crtauth-protocol.md §2: a client presents its token as `Authorization: chap:<token>` (lower-case
// scheme, no space). RFC 9110 §5.6.3: optional whitespace is SP / HTAB; HTTP parsers remove it
// around a field value, so only a gap after the prefix can remain, and is tolerated.

/// The `Authorization: chap:<token>` header of a request to a crtauth-protected route.
public enum CRTAuthorization {
    /// The header's prefix before the token.
    public static let prefix = "chap:"

    /// The token of an `Authorization` header value, or `nil` when the value is not `chap:<token>`.
    ///
    /// Works on the UTF-8 bytes (no Foundation): it runs on every request of a protected route.
    /// - Parameter header: The header's value, if the request had one.
    /// - Returns: The token without surrounding whitespace; `nil` for another scheme or an empty token.
    public static func token(fromHeader header: String?) -> String? {
        guard let header, header.hasPrefix(prefix) else { return nil }
        let rest = header.utf8.dropFirst(prefix.utf8.count)
        let isWhitespace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let start = rest.firstIndex(where: { !isWhitespace($0) }),
            let last = rest.lastIndex(where: { !isWhitespace($0) })
        else { return nil }
        return String(decoding: rest[start...last], as: UTF8.self)
    }
}
