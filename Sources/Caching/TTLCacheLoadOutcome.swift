// SPDX-License-Identifier: Apache-2.0

/// What one load task of a ``TTLCache`` hands to the reads waiting for it: a single key's
/// result, or the result of a batch load shared by several keys.
@usableFromInline
enum TTLCacheLoadOutcome<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// The loader's answer for the one key loaded (`nil` = not found), or its error.
    case single(Result<Value?, any Error>)
    /// The batch loader's answer for all keys loaded (a key it left out = not found), or its error.
    case batch(Result<[Key: Value], any Error>)

    /// The result for one key of the load.
    ///
    /// - Parameters:
    ///   - key: A key the load was started for.
    /// - Returns: The key's value (`nil` = not found), or the load's error.
    @inlinable
    func result(for key: Key) -> Result<Value?, any Error> {
        switch self {
        case .single(let result): result
        case .batch(let result): result.map { $0[key] }
        }
    }
}
