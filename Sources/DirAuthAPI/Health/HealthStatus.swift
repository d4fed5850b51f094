// SPDX-License-Identifier: Apache-2.0

/// `GET /healthz`'s answer: `{"status": "ok"}` while the process runs.
public struct HealthStatus: Codable, Sendable, Hashable {
    /// `ok`.
    public var status: String

    /// Creates an answer.
    /// - Parameter status: The status word.
    public init(status: String = "ok") {
        self.status = status
    }
}
