// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// `POST /v1/token`'s body: the signed challenge.
public struct TokenRequest: Codable, Sendable, Hashable {
    /// The armoured crtauth response.
    public var response: String

    /// Creates a request.
    /// - Parameter response: The armoured response.
    public init(response: String) {
        self.response = response
    }
}

/// `POST /v1/token`'s answer: the crtauth token for `Authorization: chap:<token>`.
public struct TokenResponse: Codable, Sendable, Hashable {
    /// The token.
    public var token: String
    /// Whose token it is.
    public var username: String
    /// When it stops being valid.
    public var expiresAt: Date

    /// Creates an answer.
    /// - Parameters:
    ///   - token: The token.
    ///   - username: The user.
    ///   - expiresAt: The expiry.
    public init(token: String, username: String, expiresAt: Date) {
        self.token = token
        self.username = username
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case token, username
        case expiresAt = "expires_at"
    }
}

/// `GET /v1/whoami`'s answer: the token's user.
public struct WhoAmIResponse: Codable, Sendable, Hashable {
    /// The user.
    public var username: String
    /// When the presented token stops being valid.
    public var expiresAt: Date

    /// Creates an answer.
    /// - Parameters:
    ///   - username: The user.
    ///   - expiresAt: The expiry.
    public init(username: String, expiresAt: Date) {
        self.username = username
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case username
        case expiresAt = "expires_at"
    }
}
