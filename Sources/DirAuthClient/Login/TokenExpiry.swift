// SPDX-License-Identifier: Apache-2.0
// Tokens are opaque to crtauth clients (crtauth-protocol.md §3.4: "clients never look inside"),
// but both known formats carry valid_to in the clear, so the client can tell when to log in again:
// - v1 (§3.4 b): msgpack [1, 't', valid_from, valid_to, username, hmac];
// - legacy (§4.4): VerifiablePayload('v' | hmac | opaque<'t' | valid_from | valid_to | username>).
// Anything else is assumed to live for crtauth's default lifetime, 60 s (§7).

import CRTAuth
public import Foundation

/// Reads a token's expiry without checking it (the client cannot: it has no secret).
public enum TokenExpiry {
    /// crtauth's default token lifetime, assumed for tokens the client cannot read.
    public static let assumedLifetime: TimeInterval = 60

    /// The token's `valid_to`, or `issuedAt + 60 s` for an unknown format.
    /// - Parameters:
    ///   - token: The armoured token.
    ///   - issuedAt: When the client received it.
    /// - Returns: The expiry to cache it under.
    public static func expiry(of token: String, issuedAt: Date) -> Date {
        if let validTo = validTo(of: token) {
            return Date(timeIntervalSince1970: Double(validTo))
        }
        return issuedAt.addingTimeInterval(assumedLifetime)
    }

    /// The `valid_to` of a v1 or legacy token, or `nil`.
    /// - Parameter token: The armoured token.
    public static func validTo(of token: String) -> UInt64? {
        guard let bytes = try? Base64URL.decode(token) else { return nil }
        switch bytes.first {
        case 0x01:
            return try? CRTToken(serialized: bytes).validTo
        case UInt8(ascii: "v"):
            guard let envelope = try? CRTLegacyVerifiablePayload(serialized: bytes),
                let legacy = try? CRTLegacyToken(serialized: envelope.payload)
            else { return nil }
            return UInt64(legacy.validTo)
        default:
            return nil
        }
    }
}
