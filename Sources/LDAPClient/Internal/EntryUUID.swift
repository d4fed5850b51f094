// SPDX-License-Identifier: Apache-2.0

// RFC 4530 §2.1: entryUUID is a UUID (RFC 4122, 16 octets); RFC 4533 §2.2 carries it raw
// ("entryUUID … syncUUID ::= OCTET STRING (SIZE(16))") in the Sync State control and syncIdSet.

/// An entry's UUID as the sync protocol carries it, as a fixed-size dictionary key.
///
/// The sync consumer remembers every entry's DN by UUID (for renames and deletes reported by
/// UUID only); a 16-byte value instead of a `[UInt8]` saves a heap allocation per entry,
/// which matters with 100,000s of entries.
struct EntryUUID: Hashable {
    private let high: UInt64
    private let low: UInt64

    /// The UUID in `bytes`, or `nil` unless they are exactly 16.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 16 else { return nil }
        high = bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
        low = bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    }
}
