/// One cached result of a ``TTLCache``: a value or "not found", with its lifetime.
struct TTLCacheEntry<Value: Sendable, Instant: InstantProtocol>: Sendable {
    /// The loaded value; `nil` records "not found".
    var value: Value?
    /// When the entry stops being served as fresh.
    var expiresAt: Instant
    /// When a hit starts a background reload, if refresh-ahead applies.
    var refreshAt: Instant?
}
