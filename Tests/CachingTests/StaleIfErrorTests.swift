// SPDX-License-Identifier: Apache-2.0

import Caching
import TestSupport
import Testing

@Suite("TTLCache: stale-if-error")
struct StaleIfErrorTests {
    typealias Cache = TTLCache<String, Int, ManualClock>

    @Test("a failed reload serves the expired value until maxStale after expiry, then throws")
    func withinAndBeyondMaxStale() async throws {
        let clock = ManualClock()
        let loader = ScriptedLoader()
        loader.answer("alice", with: .success(1))
        let cache = Cache(
            configuration: .init(ttl: .seconds(10), jitter: 0, refreshAhead: nil, maxStale: .seconds(30)),
            clock: clock,
            loader: loader.load
        )
        _ = try await cache.value(for: "alice")
        loader.answer("alice", with: .failure(.init(message: "ldap down")))

        clock.advance(by: .seconds(15))
        #expect(try await cache.value(for: "alice") == 1)
        clock.advance(to: .init(offset: .seconds(40) - .nanoseconds(1)))  // expiry 10 s + maxStale 30 s
        #expect(try await cache.value(for: "alice") == 1)
        var statistics = cache.statistics
        #expect(statistics.staleServes == 2)
        #expect(statistics.loaderErrors == 2)

        clock.advance(by: .nanoseconds(1))
        await #expect(throws: ScriptedLoader.Failure(message: "ldap down")) { try await cache.value(for: "alice") }
        statistics = cache.statistics
        #expect(statistics.staleServes == 2)
        #expect(statistics.loaderErrors == 3)
        #expect(cache.count == 0)  // dropped once past the allowance
    }

    @Test("a successful reload after stale serves replaces the value")
    func recovery() async throws {
        let clock = ManualClock()
        let loader = ScriptedLoader()
        loader.answer("alice", with: .success(1))
        let cache = Cache(configuration: .init(ttl: .seconds(10), jitter: 0, maxStale: .seconds(60)), clock: clock, loader: loader.load)
        _ = try await cache.value(for: "alice")
        loader.answer("alice", with: .failure(.init(message: "down")))
        clock.advance(by: .seconds(20))
        #expect(try await cache.value(for: "alice") == 1)
        loader.answer("alice", with: .success(2))
        #expect(try await cache.value(for: "alice") == 2)
        #expect(try await cache.value(for: "alice") == 2)
        #expect(loader.calls("alice") == 3)
    }

    @Test("with maxStale off, a failed reload after expiry is the caller's error")
    func off() async throws {
        let clock = ManualClock()
        let loader = ScriptedLoader()
        loader.answer("alice", with: .success(1))
        let cache = Cache(configuration: .init(ttl: .seconds(10), jitter: 0, maxStale: .zero), clock: clock, loader: loader.load)
        _ = try await cache.value(for: "alice")
        loader.answer("alice", with: .failure(.init(message: "down")))
        clock.advance(by: .seconds(10))
        await #expect(throws: ScriptedLoader.Failure.self) { try await cache.value(for: "alice") }
        #expect(cache.statistics.staleServes == 0)
    }

    @Test("coalesced waiters of a failed reload are each served stale and counted")
    func coalescedStale() async throws {
        let clock = ManualClock()
        let loader = GatedLoader()
        let cache = Cache(configuration: .init(ttl: .seconds(10), jitter: 0, refreshAhead: nil, maxStale: .seconds(30)), clock: clock, loader: loader.load)
        var starts = loader.started.makeAsyncIterator()
        async let first = cache.value(for: "alice")
        _ = await starts.next()
        loader.release(with: .success(1))
        _ = try await first

        clock.advance(by: .seconds(11))
        try await withThrowingTaskGroup(of: Int?.self) { group in
            for _ in 0..<5 { group.addTask { try await cache.value(for: "alice") } }
            _ = await starts.next()
            await yieldUntil("5 waiting") { cache.statistics.misses == 6 }
            loader.release(with: .failure(.init()))
            for try await value in group { #expect(value == 1) }
        }
        let statistics = cache.statistics
        #expect(statistics.staleServes == 5)
        #expect(statistics.loaderErrors == 1)
        #expect(statistics.coalescedWaits == 4)
    }
}
