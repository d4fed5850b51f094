// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// What a valid token says.
public struct CRTValidatedToken: Sendable, Hashable {
    /// The authenticated user.
    public let username: String
    /// Not valid before.
    public let validFrom: Date
    /// Not valid after (the `expires_at` of the JSON API).
    public let validTo: Date
    /// The format the token was in.
    public let format: CRTTokenFormat

    /// Creates the result of a validation.
    /// - Parameters:
    ///   - username: the user.
    ///   - validFrom: start of validity.
    ///   - validTo: end of validity.
    ///   - format: the token format.
    public init(username: String, validFrom: Date, validTo: Date, format: CRTTokenFormat) {
        self.username = username
        self.validFrom = validFrom
        self.validTo = validTo
        self.format = format
    }
}
