// SPDX-License-Identifier: Apache-2.0

public import Directory
public import Foundation
public import OTP
public import SSHKeys

/// A directory that never answers: every port's every call throws `DirectoryError.unavailable`,
/// as a frozen or unreachable server does once the operation timeout has passed.
public struct UnavailableDirectory: PublicKeyDirectory, MembershipDirectory, OTPEntryStore {
    /// The error every call throws.
    public static let error = DirectoryError.unavailable("the directory does not answer")

    /// Creates the directory.
    public init() {}

    public func publicKeys(forUser username: String) async throws -> [SSHPublicKey]? { throw Self.error }
    public func memberships(ofUser username: String) async throws -> Memberships? { throw Self.error }
    public func capabilities(ofRealm realm: String) async throws -> Set<Capability> { throw Self.error }
    public func entry(name: String, realm: String) async throws -> OTPEntry? { throw Self.error }
    public func entries(for keys: [OTPEntryKey]) async throws -> [OTPEntryKey: OTPEntry] { throw Self.error }
    public func entry(id: String) async throws -> OTPEntry? { throw Self.error }
    public func entries() async throws -> [OTPEntry] { throw Self.error }
    public func create(name: String, realm: String, secret: OTPSecret) async throws -> OTPEntry { throw Self.error }
    public func rename(_ entry: OTPEntry, name: String, realm: String) async throws -> OTPEntry { throw Self.error }
    public func rotate(_ entry: OTPEntry, secret: OTPSecret) async throws { throw Self.error }
    public func delete(_ entry: OTPEntry) async throws { throw Self.error }
    public func advanceLastUsedStep(of entry: OTPEntry, to step: Int64) async throws -> Bool { throw Self.error }
    public func recordFailure(of entry: OTPEntry, at now: Date, policy: OTPLockoutPolicy) async throws -> OTPLockoutState { throw Self.error }
    public func clearFailures(of entry: OTPEntry) async throws { throw Self.error }
}
