// SPDX-License-Identifier: Apache-2.0

/// `POST /v1/challenge`'s body: who logs in, and optionally with which key (PROTOCOL.md,
/// "HTTP JSON API").
public struct ChallengeRequest: Codable, Sendable, Hashable {
    /// The user.
    public var username: String
    /// The key to be challenged for, as OpenSSH prints it (`SHA256:<unpadded base64>`).
    public var fingerprint: String?

    /// Creates a request.
    /// - Parameters:
    ///   - username: The user.
    ///   - fingerprint: The key's SHA-256 fingerprint, or `nil` for the server's choice.
    public init(username: String, fingerprint: String? = nil) {
        self.username = username
        self.fingerprint = fingerprint
    }
}

/// `POST /v1/challenge`'s answer.
public struct ChallengeResponse: Codable, Sendable, Hashable {
    /// The armoured crtauth challenge to sign.
    public var challenge: String

    /// Creates an answer.
    /// - Parameter challenge: The armoured challenge.
    public init(challenge: String) {
        self.challenge = challenge
    }
}
