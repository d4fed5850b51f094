import Caching

extension CachingOTPEntryStore {
    /// The keys in turn through the cache: hits are served from it; the first miss reads
    /// every key not yet answered with one upstream `entries(for:)` call, and later misses
    /// of this call take their value from that read (see ``OTPEntryBatchLoad``). Loaded
    /// values are stored like single reads' (negative answers for `negativeTTL`), and a miss
    /// joins a load already in flight for its key.
    public func entries(for keys: [OTPEntryKey]) async throws -> [OTPEntryKey: OTPEntry] {
        var distinct: [OTPEntryKey] = []
        for key in keys where !distinct.contains(key) { distinct.append(key) }
        let batch = OTPEntryBatchLoad(keys: distinct, upstream: upstream, generation: generation)
        return try await OTPEntryBatchLoad.$current.withValue(batch) {
            var result: [OTPEntryKey: OTPEntry] = [:]
            for key in distinct {
                let entry = try await cache.value(for: key)
                batch.answered(key)
                if let entry { result[key] = entry }
            }
            return result
        }
    }
}
