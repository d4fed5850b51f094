// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// A batch loader that suspends every call until the test releases it, and announces each
/// call's keys on ``started``, so tests can order events exactly without sleeping.
final class GatedBatchLoader: Sendable {
    private struct State {
        var calls: [[String]] = []
        var pending: [CheckedContinuation<[String: Int], any Error>] = []
    }

    private let state = Mutex(State())
    /// The keys of each call, yielded once the call is suspended and ready to release.
    let started: AsyncStream<[String]>
    private let startedContinuation: AsyncStream<[String]>.Continuation

    init() {
        (started, startedContinuation) = AsyncStream.makeStream(of: [String].self)
    }

    /// The keys of each call so far.
    var calls: [[String]] { state.withLock { $0.calls } }

    /// The batch loader function to hand to the cache.
    var load: @Sendable ([String]) async throws -> [String: Int] {
        { [self] keys in
            try await withCheckedThrowingContinuation { continuation in
                state.withLock { state in
                    state.calls.append(keys)
                    state.pending.append(continuation)
                }
                startedContinuation.yield(keys)
            }
        }
    }

    /// Resumes the oldest suspended call with `result`.
    ///
    /// - Returns: Whether a call was waiting.
    @discardableResult
    func release(with result: Result<[String: Int], GatedLoader.Failure>) -> Bool {
        let continuation = state.withLock { state in
            state.pending.isEmpty ? nil : state.pending.removeFirst()
        }
        guard let continuation else { return false }
        continuation.resume(with: result.mapError { $0 as any Error })
        return true
    }
}
