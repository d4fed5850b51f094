// SPDX-License-Identifier: Apache-2.0

/// One cached result of a ``TTLCache``: a value or "not found", with its lifetime.
@usableFromInline
struct TTLCacheEntry<Value: Sendable, Instant: InstantProtocol>: Sendable {
    /// The loaded value; `nil` records "not found".
    @usableFromInline var value: Value?
    /// When the entry stops being served as fresh.
    @usableFromInline var expiresAt: Instant
    /// When a hit starts a background reload, if refresh-ahead applies.
    @usableFromInline var refreshAt: Instant?
}
