// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// What the directory caches can do for `/readyz`: whether they hold anything servable
/// and whether the change feed (RFC 4533) is connected.
public struct CacheHealth: Sendable, Hashable, Codable {
    /// The change feed's state.
    public struct ChangeFeed: Sendable, Hashable, Codable {
        /// Whether a synchronisation session is established and has been applied to the caches.
        public var connected: Bool
        /// The server of the current (or last) session.
        public var uri: String?
        /// When the last change arrived (RFC 3339).
        public var lastEvent: Date?
        /// Why the last session ended, while disconnected.
        public var error: String?

        /// Creates a feed state.
        public init(connected: Bool, uri: String? = nil, lastEvent: Date? = nil, error: String? = nil) {
            self.connected = connected
            self.uri = uri
            self.lastEvent = lastEvent
            self.error = error
        }

        enum CodingKeys: String, CodingKey {
            case connected, uri, error
            case lastEvent = "last_event"
        }
    }

    /// Entries that could be served now (fresh, or stale within `DIRAUTH_CACHE_MAX_STALE`).
    public var entries: Int
    /// The change feed, when push invalidation is on.
    public var changeFeed: ChangeFeed?

    /// Creates a cache health record.
    public init(entries: Int, changeFeed: ChangeFeed? = nil) {
        self.entries = entries
        self.changeFeed = changeFeed
    }

    enum CodingKeys: String, CodingKey {
        case entries
        case changeFeed = "change_feed"
    }
}
