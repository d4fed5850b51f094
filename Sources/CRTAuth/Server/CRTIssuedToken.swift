// SPDX-License-Identifier: Apache-2.0

public import Foundation
public import SSHKeys

/// A freshly issued token.
public struct CRTIssuedToken: Sendable {
    /// The armoured token (what goes after `X-CHAP: token:` and `Authorization: chap:`). A secret: never log it.
    public let token: String
    /// The authenticated user.
    public let username: String
    /// Not valid before.
    public let validFrom: Date
    /// Not valid after (`expires_at`).
    public let validTo: Date
    /// The token's format.
    public let format: CRTTokenFormat
    /// The key that signed the response (nil when issued directly by ``CRTAuthServer/issueToken(username:now:)``).
    public internal(set) var key: SSHPublicKey?
    /// The redeemed challenge's identifier (nil when issued directly).
    public internal(set) var challengeID: [UInt8]?

    init(token: String, username: String, validFrom: Date, validTo: Date, format: CRTTokenFormat) {
        self.token = token
        self.username = username
        self.validFrom = validFrom
        self.validTo = validTo
        self.format = format
    }
}
