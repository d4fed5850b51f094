// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A batch loader whose answers the test sets per key, recording the keys of every call. It
/// answers immediately; keys without an answer are left out ("not found").
final class ScriptedBatchLoader: Sendable {
    private struct State {
        var values: [String: Int] = [:]
        var failure: ScriptedLoader.Failure?
        var calls: [[String]] = []
    }

    private let state = Mutex(State())

    /// Sets the value the next loads find for `key` (`nil`: not found).
    func answer(_ key: String, with value: Int?) {
        state.withLock { $0.values[key] = value }
    }

    /// Makes the next calls throw `failure` (`nil`: answer again).
    func fail(with failure: ScriptedLoader.Failure?) {
        state.withLock { $0.failure = failure }
    }

    /// The keys of each call so far.
    var calls: [[String]] { state.withLock { $0.calls } }

    /// The batch loader function to hand to the cache.
    var load: @Sendable ([String]) async throws -> [String: Int] {
        { [self] keys in
            let answer: Result<[String: Int], ScriptedLoader.Failure> = state.withLock { state in
                state.calls.append(keys)
                if let failure = state.failure { return .failure(failure) }
                return .success(state.values)  // extra keys included on purpose: the cache must ignore them
            }
            return try answer.get()
        }
    }
}
