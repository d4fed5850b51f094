// SPDX-License-Identifier: Apache-2.0

@testable import Caching
import TestSupport
import Testing

@Suite("TTLCache: positive and negative TTL, jitter")
struct ExpiryTests {
    typealias Cache = TTLCache<String, Int, ManualClock>

    @Test("a found value is served until its TTL ends, then reloaded")
    func positiveTTL() async throws {
        let clock = ManualClock()
        let loader = ScriptedLoader()
        loader.answer("alice", with: .success(1))
        let cache = Cache(configuration: .init(ttl: .seconds(60), jitter: 0, refreshAhead: nil), clock: clock, loader: loader.load)

        #expect(try await cache.value(for: "alice") == 1)
        loader.answer("alice", with: .success(2))
        clock.advance(by: .seconds(60) - .nanoseconds(1))
        #expect(try await cache.value(for: "alice") == 1)
        #expect(loader.calls("alice") == 1)

        clock.advance(by: .nanoseconds(1))
        #expect(try await cache.value(for: "alice") == 2)
        #expect(loader.calls("alice") == 2)
        let statistics = cache.statistics
        #expect(statistics.hits == 1)
        #expect(statistics.misses == 2)
        #expect(statistics.loads == 2)
    }

    @Test("a not-found result is cached for the negative TTL, not the positive one")
    func negativeTTL() async throws {
        let clock = ManualClock()
        let loader = ScriptedLoader()
        let cache = Cache(configuration: .init(ttl: .seconds(600), negativeTTL: .seconds(5), jitter: 0), clock: clock, loader: loader.load)

        #expect(try await cache.value(for: "ghost") == nil)
        clock.advance(by: .seconds(4))
        #expect(try await cache.value(for: "ghost") == nil)
        #expect(loader.calls("ghost") == 1)
        #expect(cache.statistics.hits == 1)

        loader.answer("ghost", with: .success(7))  // the user is created
        clock.advance(by: .seconds(1))
        #expect(try await cache.value(for: "ghost") == 7)
        #expect(loader.calls("ghost") == 2)
    }

    @Test("a zero TTL or negative TTL disables caching of that kind")
    func zeroTTLs() async throws {
        let clock = ManualClock()
        let loader = ScriptedLoader()
        loader.answer("found", with: .success(1))
        let noNegatives = Cache(configuration: .init(ttl: .seconds(60), negativeTTL: .zero), clock: clock, loader: loader.load)
        _ = try await noNegatives.value(for: "missing")
        _ = try await noNegatives.value(for: "missing")
        #expect(loader.calls("missing") == 2)
        _ = try await noNegatives.value(for: "found")
        _ = try await noNegatives.value(for: "found")
        #expect(loader.calls("found") == 1)
        #expect(noNegatives.count == 1)

        let noPositives = Cache(configuration: .init(ttl: .zero, negativeTTL: .seconds(60)), clock: clock, loader: loader.load)
        _ = try await noPositives.value(for: "found")
        _ = try await noPositives.value(for: "found")
        #expect(loader.calls("found") == 3)
        #expect(noPositives.count == 0)
    }

    @Test("every jittered lifetime lies within ttl·[1−j, 1+j], and lifetimes are spread across it")
    func jitterRange() async throws {
        let clock = ManualClock()
        let loader = ScriptedLoader()
        let keys = (0..<300).map { "user\($0)" }
        for key in keys { loader.answer(key, with: .success(1)) }
        let ttl = Duration.seconds(100)
        let cache = Cache(
            configuration: .init(ttl: ttl, negativeTTL: .seconds(10), jitter: 0.2, refreshAhead: nil),
            clock: clock,
            randomNumberGenerator: SplitMix64(seed: 42),
            loader: loader.load
        )
        for key in keys { _ = try await cache.value(for: key) }
        _ = try await cache.value(for: "nobody")  // negative entry, jittered around 10 s

        var lifetimes: [Duration] = []
        for key in keys {
            let expiry = try #require(cache.expiry(for: key))
            lifetimes.append(expiry.offset)
        }
        let lower = ttl * 0.8
        let upper = ttl * 1.2
        #expect(lifetimes.allSatisfy { $0 >= lower && $0 <= upper })
        // Spread: 300 uniform draws over ±20 % reach both outer tenths of the range.
        #expect(try #require(lifetimes.min()) < ttl * 0.84)
        #expect(try #require(lifetimes.max()) > ttl * 1.16)
        let negative = try #require(cache.expiry(for: "nobody")).offset
        #expect(negative >= .seconds(8) && negative <= .seconds(12))

        // Behaviour matches the recorded expiries: just before the lower bound all are hits,
        // at the upper bound all are misses.
        clock.advance(to: .init(offset: lower - .nanoseconds(1)))
        for key in keys { _ = try await cache.value(for: key) }
        #expect(loader.totalCalls == keys.count + 1)
        clock.advance(to: .init(offset: upper))
        for key in keys { _ = try await cache.value(for: key) }
        #expect(loader.totalCalls == 2 * keys.count + 1)
    }

    @Test("out-of-range configuration values are clamped, never trapped on")
    func clamping() {
        let odd = TTLCacheConfiguration(ttl: .seconds(-1), negativeTTL: .seconds(-1), jitter: .nan, maxEntries: -5, refreshAhead: 1.5, maxStale: .seconds(-3))
        #expect(odd.effectiveTTL == .zero)
        #expect(odd.effectiveNegativeTTL == .zero)
        #expect(odd.effectiveJitter == 0)
        #expect(odd.effectiveMaxEntries == 1)
        #expect(odd.effectiveRefreshAhead == nil)
        #expect(odd.effectiveMaxStale == .zero)
        #expect(TTLCacheConfiguration(jitter: 5).effectiveJitter < 1)
    }
}
