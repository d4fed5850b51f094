// SPDX-License-Identifier: Apache-2.0

/// A cache that can forget what a directory change makes wrong.
public protocol DirectoryCacheInvalidating: Sendable {
    /// Removes the entries `change` may have made wrong.
    /// - Parameter change: The classified change.
    func invalidate(for change: DirectoryChange) async

    /// Removes every entry (after a gap in the change feed).
    func invalidateAll() async

    /// The entries held that could still be served (fresh, or stale within the
    /// stale-if-error allowance); entries past it are dropped first.
    func servableEntryCount() async -> Int
}
