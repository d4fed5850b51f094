// SPDX-License-Identifier: Apache-2.0

public import Directory
public import OTP

/// An OTP entry as the API shows it: its id, name and realm, and its seed only where the
/// operation shows one (create, rotate; list and retrieve with `DIRAUTH_OTP_SHOW_SEEDS`).
public struct OTPEntrySummary: Sendable, Hashable {
    /// The entry's id (its entryUUID).
    public var id: String
    /// The name.
    public var name: String
    /// The realm.
    public var realm: String
    /// The seed, when shown.
    public var seed: OTPSecret?

    /// Summarises an entry.
    /// - Parameters:
    ///   - entry: The entry.
    ///   - seed: The seed to show, or `nil`.
    public init(_ entry: OTPEntry, seed: OTPSecret?) {
        self.id = entry.id
        self.name = entry.name
        self.realm = entry.realm
        self.seed = seed
    }
}
