// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// The state of an ``LDAPSyncConsumer``, for `/readyz` and logs.
public struct LDAPSyncState: Sendable, Hashable {
    /// Whether a session is established (refresh phase over, persist phase running).
    public var isConnected: Bool = false
    /// The server of the current (or last) session.
    public var uri: String?
    /// When the current session was established.
    public var connectedSince: Date?
    /// When the last change was reported.
    public var lastEventAt: Date?
    /// Why the last session or connection attempt ended.
    public var lastError: String?
    /// Sessions established so far (the first one included).
    public var sessions: Int = 0
    /// Changes reported so far.
    public var changes: Int = 0
    /// Whether a synchronisation cookie is held (kept across reconnects).
    public var hasCookie: Bool = false

    /// The initial state: not connected, nothing seen.
    public init() {}
}
