// SPDX-License-Identifier: Apache-2.0

/// The HMAC secrets: the first signs, all verify (rotation). Never printed.
struct CRTSecrets: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    let all: [[UInt8]]
    /// The same secrets with their HMACs keyed once (what verification uses).
    private let keyed: [CRTKeyedMAC]

    /// - Throws: ``CRTAuthError/invalidConfiguration(_:)`` when the list or a secret is empty.
    init(_ secrets: [[UInt8]]) throws {
        guard !secrets.isEmpty else {
            throw CRTAuthError.invalidConfiguration("no secret configured")
        }
        guard secrets.allSatisfy({ !$0.isEmpty }) else {
            throw CRTAuthError.invalidConfiguration("an empty secret is configured")
        }
        all = secrets
        keyed = secrets.map(CRTKeyedMAC.init(secret:))
    }

    /// The secret new challenges and tokens are authenticated with.
    var signing: [UInt8] { all[0] }

    /// Whether `mac(secret)` equals `expected` for any secret, comparing in constant time.
    func anyMatches(_ expected: [UInt8], mac: (CRTKeyedMAC) -> [UInt8]) -> Bool {
        var matched = false
        for secret in keyed {
            // No early exit: every secret is tried, so timing does not reveal which one matched.
            matched = CRTMAC.constantTimeEqual(mac(secret), expected) || matched
        }
        return matched
    }

    var description: String { "CRTSecrets(\(all.count) secrets, redacted)" }
    var debugDescription: String { description }
}
