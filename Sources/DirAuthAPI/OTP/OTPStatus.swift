// SPDX-License-Identifier: Apache-2.0

/// `POST /ungleichotp/verify/`'s answer: `{"status": "OK"}`.
public struct OTPStatus: Codable, Sendable, Hashable {
    /// `OK`.
    public var status: String

    /// Creates an answer.
    /// - Parameter status: The status word.
    public init(status: String = "OK") {
        self.status = status
    }
}
