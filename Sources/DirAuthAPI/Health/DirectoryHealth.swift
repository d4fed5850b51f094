// SPDX-License-Identifier: Apache-2.0

/// What one directory server looks like from here, for `/readyz`.
public struct DirectoryHealth: Sendable, Hashable, Codable {
    /// The server's URI as configured.
    public var uri: String
    /// Whether it answered its last check.
    public var up: Bool
    /// Why it is down (`nil` while up). Never contains credentials.
    public var error: String?

    /// Creates a health record.
    public init(uri: String, up: Bool, error: String? = nil) {
        self.uri = uri
        self.up = up
        self.error = error
    }
}
