// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// A token for one user at one origin, with its expiry. The token is a bearer secret:
/// ``description`` never shows it.
public struct DirAuthSession: Sendable, Hashable, Codable, CustomStringConvertible {
    /// `scheme://host[:port]` the token is valid for.
    public var origin: String
    /// The user the token was issued to.
    public var username: String
    /// The crtauth token (the text after `Authorization: chap:`).
    public var token: String
    /// When the token stops being valid (from the token itself, or an estimate; see ``TokenExpiry``).
    public var expiresAt: Date

    /// Creates a session.
    /// - Parameters:
    ///   - origin: The origin, as ``ServerOrigin/description``.
    ///   - username: The user.
    ///   - token: The token.
    ///   - expiresAt: The expiry.
    public init(origin: String, username: String, token: String, expiresAt: Date) {
        self.origin = origin
        self.username = username
        self.token = token
        self.expiresAt = expiresAt
    }

    /// The header value `chap:<token>`.
    public var authorizationHeader: String { "chap:" + token }

    /// Whether the token is still usable at `now` with `margin` seconds to spare.
    /// - Parameters:
    ///   - now: The current time.
    ///   - margin: Seconds of slack for clock skew and the request's travel time.
    public func isValid(at now: Date, margin: TimeInterval = TokenCache.defaultMargin) -> Bool {
        expiresAt.timeIntervalSince(now) > margin
    }

    /// `DirAuthSession(alice@http://localhost:8080, expires …)`, without the token.
    public var description: String {
        "DirAuthSession(\(username)@\(origin), expires \(expiresAt), token redacted)"
    }

    enum CodingKeys: String, CodingKey {
        case origin, username, token
        case expiresAt = "expires_at"
    }
}
