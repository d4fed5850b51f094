// SPDX-License-Identifier: Apache-2.0

import Caching
import TestSupport
import Testing

@Suite("TTLCache: single-flight loading")
struct SingleFlightTests {
    typealias Cache = TTLCache<String, Int, ManualClock>

    @Test("100 concurrent misses for one key make exactly one loader call and all get its value")
    func hundredCallers() async throws {
        let loader = GatedLoader()
        let cache = Cache(configuration: .init(ttl: .seconds(60)), clock: ManualClock(), loader: loader.load)

        try await withThrowingTaskGroup(of: Int?.self) { group in
            for _ in 0..<100 {
                group.addTask { try await cache.value(for: "alice") }
            }
            var starts = loader.started.makeAsyncIterator()
            #expect(await starts.next() == "alice")
            // Every caller has registered its miss (and is therefore waiting) before the release.
            await yieldUntil("100 callers waiting") { cache.statistics.misses == 100 }
            #expect(loader.release(with: .success(42)))

            var results: [Int?] = []
            for try await value in group { results.append(value) }
            #expect(results.count == 100)
            #expect(results.allSatisfy { $0 == 42 })
        }
        #expect(loader.calls == 1)
        let statistics = cache.statistics
        #expect(statistics.loads == 1)
        #expect(statistics.misses == 100)
        #expect(statistics.coalescedWaits == 99)
        #expect(try await cache.value(for: "alice") == 42)
        #expect(loader.calls == 1)
    }

    @Test("a failed load reaches every waiting caller, is not cached, and the next read retries")
    func sharedFailure() async throws {
        let loader = GatedLoader()
        let cache = Cache(configuration: .init(ttl: .seconds(60)), clock: ManualClock(), loader: loader.load)
        var starts = loader.started.makeAsyncIterator()

        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    do {
                        _ = try await cache.value(for: "bob")
                        return false
                    } catch {
                        return error is GatedLoader.Failure
                    }
                }
            }
            _ = await starts.next()
            await yieldUntil("10 callers waiting") { cache.statistics.misses == 10 }
            loader.release(with: .failure(.init()))
            var failures = 0
            for await failed in group where failed { failures += 1 }
            #expect(failures == 10)
        }
        #expect(cache.statistics.loaderErrors == 1)
        #expect(cache.count == 0)

        async let retry = cache.value(for: "bob")
        _ = await starts.next()
        loader.release(with: .success(5))
        #expect(try await retry == 5)
        #expect(loader.calls == 2)
    }

    @Test("loads of different keys run concurrently: one slow key does not block another")
    func differentKeys() async throws {
        let gated = GatedLoader()
        let cache = Cache(configuration: .init(ttl: .seconds(60)), clock: ManualClock(), loader: gated.load)
        var starts = gated.started.makeAsyncIterator()
        async let slow = cache.value(for: "slow")
        #expect(await starts.next() == "slow")
        async let other = cache.value(for: "other")
        #expect(await starts.next() == "other")  // started while "slow" is still loading
        #expect(gated.calls == 2)
        gated.release(with: .success(1))
        gated.release(with: .success(2))
        let values = try await [slow, other]
        #expect(values.compactMap { $0 }.sorted() == [1, 2])
    }
}
