// SPDX-License-Identifier: Apache-2.0

public import SSHKeys
import Synchronization

/// A directory held in memory, for fast unit tests of the HTTP edge and the caches.
/// The LDAP adapters pass the same conformance tests against slapd. Usernames match exactly
/// (as the LDAP adapters check the stored `uid`), realms by ``CanonicalName`` (as the
/// directory matches group names).
public final class InMemoryDirectory: PublicKeyDirectory, MembershipDirectory, Sendable {
    /// One person.
    public struct User: Sendable, Hashable {
        /// Their keys, in directory order.
        public var keys: [SSHPublicKey]
        /// Their memberships.
        public var memberships: Memberships
        /// Creates a user.
        public init(keys: [SSHPublicKey], groups: [String] = [], realms: [String] = []) {
            self.keys = keys
            self.memberships = Memberships(groups: groups, realms: realms)
        }
    }

    private struct State {
        var users: [String: User]
        var capabilities: [CanonicalName: Set<Capability>]
    }
    private let state: Mutex<State>

    /// Creates a directory holding `users` and the realms' `capabilities`.
    public init(users: [String: User] = [:], capabilities: [String: Set<Capability>] = [:]) {
        state = Mutex(State(
            users: users,
            capabilities: Dictionary(capabilities.map { (CanonicalName($0.key), $0.value) }) { _, last in last }
        ))
    }

    /// Adds or replaces a user.
    public func setUser(_ username: String, _ user: User?) {
        state.withLock { $0.users[username] = user }
    }

    /// Sets what `realm` may do.
    public func setCapabilities(_ capabilities: Set<Capability>, ofRealm realm: String) {
        state.withLock { $0.capabilities[CanonicalName(realm)] = capabilities }
    }

    public func publicKeys(forUser username: String) async throws -> [SSHPublicKey]? {
        state.withLock { $0.users[username]?.keys }
    }

    public func memberships(ofUser username: String) async throws -> Memberships? {
        state.withLock { $0.users[username]?.memberships }
    }

    public func capabilities(ofRealm realm: String) async throws -> Set<Capability> {
        state.withLock { $0.capabilities[CanonicalName(realm)] ?? [] }
    }
}
