// SPDX-License-Identifier: Apache-2.0

import Testing

/// Yields to other tasks until `condition` holds: for waiting on other tasks to reach a
/// suspension point. Not time-based: it gives up after a fixed number of yields and records an issue.
func yieldUntil(
    _ description: String,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: () async -> Bool
) async {
    for _ in 0..<1_000_000 {
        if await condition() { return }
        await Task.yield()
    }
    Issue.record("condition never held: \(description)", sourceLocation: sourceLocation)
}
