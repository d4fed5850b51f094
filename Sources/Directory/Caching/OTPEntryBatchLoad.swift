import Synchronization

/// The keys of one ``CachingOTPEntryStore/entries(for:)`` call, read from upstream by one
/// batch call when the first of them misses the cache.
///
/// The decorator reads its keys one after the other through the cache (so hits, single-flight
/// joins and stale-if-error stay the cache's), with the batch bound to ``current``. The cache's
/// loader, asked for a key of the batch, runs ``answer(for:)``:
/// - The first such load reads every key not yet answered, in one `entries(for:)` call.
/// - Later loads of the batch take their value from that read, unless the decorator was
///   invalidated since it started (then the read may predate a change their load would have
///   seen, so they read alone): a load running when an invalidation comes is detached by the
///   cache, one starting after it must not be served an older answer.
final class OTPEntryBatchLoad: Sendable {
    /// The batch of the `entries(for:)` call running in this task, if any.
    @TaskLocal static var current: OTPEntryBatchLoad?

    typealias Search = Task<Result<[OTPEntryKey: OTPEntry], any Error>, Never>

    private struct State {
        /// The keys whose cache read has not returned yet.
        var unanswered: [OTPEntryKey]
        /// The batch read, once started, with the keys it asked for.
        var search: (task: Search, keys: Set<OTPEntryKey>, generation: Int)?
    }

    private let upstream: any OTPEntryStore
    private let generation: OTPEntryCacheGeneration
    private let state: Mutex<State>

    /// A batch of `keys` (distinct), read from `upstream`.
    init(keys: [OTPEntryKey], upstream: any OTPEntryStore, generation: OTPEntryCacheGeneration) {
        self.upstream = upstream
        self.generation = generation
        state = Mutex(State(unanswered: keys))
    }

    /// Marks `key`'s cache read as returned: a later batch read need not ask for it.
    func answered(_ key: OTPEntryKey) {
        state.withLock { $0.unanswered.removeAll { $0 == key } }
    }

    /// The batch's answer for `key` (its value may be `nil`: not found), or `nil` when the
    /// key must be read alone.
    /// - Throws: The batch read's error.
    func answer(for key: OTPEntryKey) async throws -> OTPEntry?? {
        let now = generation.value
        let upstream = self.upstream
        let search: Search? = state.withLock { state in
            if let search = state.search {
                return search.generation == now && search.keys.contains(key) ? search.task : nil
            }
            guard state.unanswered.contains(key) else { return nil }
            let keys = state.unanswered
            let task = Search {
                // The upstream store runs outside this batch (a nested decorator has its own).
                await Self.$current.withValue(nil) {
                    do {
                        return .success(try await upstream.entries(for: keys))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            state.search = (task, Set(keys), now)
            return task
        }
        guard let search else { return nil }
        switch await search.value {
        case .success(let found): return .some(found[key])
        case .failure(let error): throw error
        }
    }

    /// The cache loader of ``CachingOTPEntryStore``: the batch's answer when the load belongs
    /// to one, else a single read.
    /// - Parameters:
    ///   - key: The key to load.
    ///   - upstream: The store read on a miss.
    /// - Returns: The entry, or `nil`.
    /// - Throws: ``DirectoryError``.
    static func load(_ key: OTPEntryKey, from upstream: any OTPEntryStore) async throws -> OTPEntry? {
        if let batch = current, let answer = try await batch.answer(for: key) {
            return answer
        }
        return try await $current.withValue(nil) {
            try await upstream.entry(name: key.name, realm: key.realm)
        }
    }
}
