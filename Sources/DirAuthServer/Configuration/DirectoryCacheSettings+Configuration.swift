// SPDX-License-Identifier: Apache-2.0

import Directory
import Foundation

extension DirectoryCacheSettings {
    /// Reads `DIRAUTH_CACHE_*` (defaults and their reasons: README.md, "Caching and outages").
    /// - Parameter settings: The `CACHE` scope.
    /// - Throws: ``ConfigurationError`` naming a malformed setting.
    init(_ settings: SettingsReader) throws {
        self.init()
        enabled = try settings.bool("ENABLED", default: true)
        pushInvalidation = try settings.bool("SYNC", default: true)
        ttl = .seconds(try settings.int("TTL", default: 300, in: 0...86_400, hint: "seconds; 0 disables caching of found values"))
        negativeTTL = .seconds(try settings.int("NEGATIVE_TTL", default: 30, in: 0...86_400, hint: "seconds; 0 disables negative caching"))
        maxEntries = try settings.int("MAX_ENTRIES", default: 10_000, in: 1...10_000_000)
        maxStale = .seconds(try settings.int("MAX_STALE", default: 3600, in: 0...604_800, hint: "seconds; 0 disables stale-if-error"))
        refreshAhead = try Self.fraction(settings, "REFRESH_AHEAD", default: 0.8, hint: "a fraction of the TTL, 0 (off) to below 1")
        jitter = try Self.fraction(settings, "JITTER", default: 0.1, hint: "a fraction of the TTL, 0 to below 1")
    }

    /// A number in `0..<1` (e.g. `0.8`).
    private static func fraction(_ settings: SettingsReader, _ name: String, default defaultValue: Double, hint: String) throws -> Double {
        guard let text = settings.optional(name) else { return defaultValue }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 0, value < 1 else {
            throw ConfigurationError(setting: settings.variable(name), problem: "\(text) is not \(hint)")
        }
        return value
    }
}
