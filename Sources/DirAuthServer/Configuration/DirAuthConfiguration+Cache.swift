import Directory
import Foundation

extension DirAuthConfiguration {
    /// Reads `DIRAUTH_CACHE_*` (defaults and their reasons: README.md, "Caching and outages").
    /// - Parameter settings: The settings reader.
    /// - Returns: The cache settings.
    /// - Throws: ``ConfigurationError`` naming a malformed setting.
    static func loadCacheSettings(_ settings: SettingsReader) throws -> DirectoryCacheSettings {
        var cache = DirectoryCacheSettings()
        cache.enabled = try settings.bool("DIRAUTH_CACHE_ENABLED", default: true)
        cache.pushInvalidation = try settings.bool("DIRAUTH_CACHE_SYNC", default: true)
        cache.ttl = .seconds(try settings.int("DIRAUTH_CACHE_TTL", default: 300, in: 0...86_400, hint: "seconds; 0 disables caching of found values"))
        cache.negativeTTL = .seconds(try settings.int("DIRAUTH_CACHE_NEGATIVE_TTL", default: 30, in: 0...86_400, hint: "seconds; 0 disables negative caching"))
        cache.maxEntries = try settings.int("DIRAUTH_CACHE_MAX_ENTRIES", default: 10_000, in: 1...10_000_000)
        cache.maxStale = .seconds(try settings.int("DIRAUTH_CACHE_MAX_STALE", default: 3600, in: 0...604_800, hint: "seconds; 0 disables stale-if-error"))
        cache.refreshAhead = try fraction(settings, "DIRAUTH_CACHE_REFRESH_AHEAD", default: 0.8, hint: "a fraction of the TTL, 0 (off) to below 1")
        cache.jitter = try fraction(settings, "DIRAUTH_CACHE_JITTER", default: 0.1, hint: "a fraction of the TTL, 0 to below 1")
        return cache
    }

    /// A number in `0..<1` (e.g. `0.8`).
    private static func fraction(_ settings: SettingsReader, _ variable: String, default defaultValue: Double, hint: String) throws -> Double {
        guard let text = settings.optional(variable) else { return defaultValue }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 0, value < 1 else {
            throw ConfigurationError(setting: variable, problem: "\(text) is not \(hint)")
        }
        return value
    }
}
