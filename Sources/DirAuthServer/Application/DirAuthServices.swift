// SPDX-License-Identifier: Apache-2.0

public import DirAuthCore
public import Directory
public import Foundation
public import ServiceLifecycle

/// The ports the HTTP edge talks to. `dirauthd` wires LDAP-backed implementations
/// (``DirAuthServices/live(configuration:logger:)``); tests wire in-memory ones.
public struct DirAuthServices: Sendable {
    /// Answers `/readyz`.
    public var health: any DirectoryHealthProbe
    /// Users' SSH public keys.
    public var keys: any PublicKeyDirectory
    /// Group, realm and capability memberships.
    public var memberships: any MembershipDirectory
    /// OTP entries (ungleich-otp API, `/v1/verify` callers).
    public var otpEntries: any OTPEntryStore
    /// The clock (tests move it).
    public var now: @Sendable () -> Date
    /// What the directory caches hold, for `/readyz` (`nil` without caches).
    public var cache: (any CacheHealthProbe)?
    /// Background work the application runs beside the HTTP server (the change feed).
    public var background: [any Service]
    /// Where security events go; `nil` writes them to the server's logger.
    public var events: (any SecurityEventSink)?

    /// Creates the service set.
    public init(
        health: any DirectoryHealthProbe,
        keys: any PublicKeyDirectory,
        memberships: any MembershipDirectory,
        otpEntries: any OTPEntryStore = InMemoryOTPEntryStore(),
        now: @escaping @Sendable () -> Date = { Date() },
        cache: (any CacheHealthProbe)? = nil,
        background: [any Service] = [],
        events: (any SecurityEventSink)? = nil
    ) {
        self.events = events
        self.cache = cache
        self.background = background
        self.health = health
        self.keys = keys
        self.memberships = memberships
        self.otpEntries = otpEntries
        self.now = now
    }
}
