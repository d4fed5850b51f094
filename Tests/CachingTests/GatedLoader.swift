// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A loader that suspends every call until the test releases it, and announces each call on
/// ``started``, so tests can order events exactly without sleeping.
final class GatedLoader: Sendable {
    struct Failure: Error, Equatable {}

    private struct State {
        var calls = 0
        var pending: [CheckedContinuation<Int?, any Error>] = []
    }

    private let state = Mutex(State())
    /// One element per loader call, yielded once the call is suspended and ready to release.
    let started: AsyncStream<String>
    private let startedContinuation: AsyncStream<String>.Continuation

    init() {
        (started, startedContinuation) = AsyncStream.makeStream(of: String.self)
    }

    /// Loader calls so far.
    var calls: Int { state.withLock { $0.calls } }

    /// The loader function to hand to the cache.
    var load: @Sendable (String) async throws -> Int? {
        { [self] key in
            try await withCheckedThrowingContinuation { continuation in
                state.withLock { state in
                    state.calls += 1
                    state.pending.append(continuation)
                }
                startedContinuation.yield(key)
            }
        }
    }

    /// Resumes the oldest suspended call with `result`.
    ///
    /// - Returns: Whether a call was waiting.
    @discardableResult
    func release(with result: Result<Int?, Failure>) -> Bool {
        let continuation = state.withLock { state in
            state.pending.isEmpty ? nil : state.pending.removeFirst()
        }
        guard let continuation else { return false }
        continuation.resume(with: result.mapError { $0 as any Error })
        return true
    }
}
