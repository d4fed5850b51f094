import Synchronization

/// Counts the invalidations of one ``CachingOTPEntryStore``, so a batch read can tell whether
/// its answer is older than an invalidation that happened before a load used it.
final class OTPEntryCacheGeneration: Sendable {
    private let counter = Atomic<Int>(0)

    /// A counter at zero.
    init() {}

    /// The number of invalidations so far.
    var value: Int { counter.load(ordering: .acquiring) }

    /// Counts one invalidation; call it before the cache forgets anything.
    func advance() { counter.add(1, ordering: .releasing) }
}
