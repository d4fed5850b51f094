// SPDX-License-Identifier: Apache-2.0

public import Logging

/// Maps changed DNs (from the RFC 4533 consumer) to the cache entries they affect.
///
/// The rules, from the DN alone (see ``DirectoryChange``):
/// - a person `uid=<user>` → that user's keys and memberships (any case of the name);
///   a person whose RDN is not the user attribute → every key and membership entry;
/// - a group, realm or capability group → every membership and capability entry
///   (nesting and dynlist make the precise set expensive to know; reloading all
///   of them is one search per cached user and is always correct); a realm group also
///   → every OTP entry of that realm (their realm membership);
/// - an OTP entry → that entry; anything else under the OTP base (the TOTP parameters)
///   → every OTP entry, and the parameters ``LDAPOTPEntryStore`` caches (the
///   ``CachingOTPEntryStore`` passes each change on to the store it wraps).
public struct DirectoryCacheInvalidator: Sendable {
    /// Where dirauthd reads.
    public let layout: DirectoryLayout
    /// The caches to keep right.
    public let caches: [any DirectoryCacheInvalidating]
    let logger: Logger

    /// Creates an invalidator.
    /// - Parameters:
    ///   - layout: The directory layout.
    ///   - caches: The caching decorators.
    ///   - logger: Receives one debug line per change.
    public init(layout: DirectoryLayout, caches: [any DirectoryCacheInvalidating], logger: Logger) {
        self.layout = layout
        self.caches = caches
        self.logger = logger
    }

    /// Invalidates what a change of the entry `dn` (added, modified, deleted or renamed) affects.
    /// - Parameter dn: The entry's DN.
    /// - Returns: The classification used.
    @discardableResult
    public func entryChanged(_ dn: String) async -> DirectoryChange {
        let change = DirectoryChange.classify(dn, layout: layout)
        guard change != .unrelated else { return change }
        logger.debug("directory change", metadata: ["dn": "\(dn)", "kind": "\(change)"])
        for cache in caches {
            await cache.invalidate(for: change)
        }
        return change
    }

    /// Empties every cache.
    public func invalidateAll() async {
        for cache in caches {
            await cache.invalidateAll()
        }
    }

    /// The servable entries over every cache.
    /// - Returns: The sum of ``DirectoryCacheInvalidating/servableEntryCount()``.
    public func servableEntryCount() async -> Int {
        var total = 0
        for cache in caches {
            total += await cache.servableEntryCount()
        }
        return total
    }
}
