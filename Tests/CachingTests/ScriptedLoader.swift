// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A loader whose answers the test sets per key, counting every call. It answers immediately.
final class ScriptedLoader: Sendable {
    struct Failure: Error, Equatable {
        var message: String
    }

    private struct State {
        var answers: [String: Result<Int?, Failure>] = [:]
        var calls: [String: Int] = [:]
    }

    private let state = Mutex(State())

    /// Sets what the next loads of `key` return.
    func answer(_ key: String, with result: Result<Int?, Failure>) {
        state.withLock { $0.answers[key] = result }
    }

    /// Loader calls made for `key`.
    func calls(_ key: String) -> Int { state.withLock { $0.calls[key, default: 0] } }

    /// Loader calls made for all keys.
    var totalCalls: Int { state.withLock { $0.calls.values.reduce(0, +) } }

    /// The loader function to hand to the cache. Unknown keys are "not found".
    var load: @Sendable (String) async throws -> Int? {
        { [self] key in
            let answer = state.withLock { state in
                state.calls[key, default: 0] += 1
                return state.answers[key] ?? .success(nil)
            }
            return try answer.get()
        }
    }
}
