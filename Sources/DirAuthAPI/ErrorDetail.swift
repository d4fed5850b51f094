// SPDX-License-Identifier: Apache-2.0

/// `{"detail": "…"}`: the error body of the JSON APIs (Django REST framework's shape).
/// The ungleich-otp API's 400s are field errors instead: `{"<field>": ["…", …]}`.
public struct ErrorDetail: Codable, Sendable, Hashable {
    /// What went wrong, for people.
    public var detail: String

    /// Creates an error body.
    /// - Parameter detail: The message.
    public init(detail: String) {
        self.detail = detail
    }
}
