// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// `POST /v1/verify`'s JSON body: a user's crtauth token and the asking service's OTP triple
/// (which may instead come as `X-Auth-Name`, `X-Auth-Realm`, `X-Auth-Token` headers).
public struct VerifyTokenRequest: Codable, Sendable, Hashable {
    /// The token the user presented.
    public var token: String
    /// The asking service's OTP entry name.
    public var authName: String?
    /// The asking service's realm (it needs the verify capability).
    public var authRealm: String?
    /// The asking service's current TOTP code.
    public var authToken: String?

    /// Creates a request.
    /// - Parameters:
    ///   - token: The user's token.
    ///   - authName: The service's name.
    ///   - authRealm: The service's realm.
    ///   - authToken: The service's TOTP code.
    public init(token: String, authName: String? = nil, authRealm: String? = nil, authToken: String? = nil) {
        self.token = token
        self.authName = authName
        self.authRealm = authRealm
        self.authToken = authToken
    }

    enum CodingKeys: String, CodingKey {
        case token
        case authName = "auth_name"
        case authRealm = "auth_realm"
        case authToken = "auth_token"
    }
}

/// `POST /v1/verify`'s answer: whose token it is, with their memberships.
public struct VerifyTokenResponse: Codable, Sendable, Hashable {
    /// The user.
    public var username: String
    /// The user's groups (nested membership resolved).
    public var groups: [String]
    /// The user's realms.
    public var realms: [String]
    /// When the token stops being valid.
    public var expiresAt: Date

    /// Creates an answer.
    /// - Parameters:
    ///   - username: The user.
    ///   - groups: Group names.
    ///   - realms: Realm names.
    ///   - expiresAt: The expiry.
    public init(username: String, groups: [String], realms: [String], expiresAt: Date) {
        self.username = username
        self.groups = groups
        self.realms = realms
        self.expiresAt = expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case username, groups, realms
        case expiresAt = "expires_at"
    }
}
