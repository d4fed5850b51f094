// SPDX-License-Identifier: Apache-2.0

public import LDAPClient
public import Logging
import Synchronization

/// Keeps the caches right by following the directory's changes: reads the events of an
/// ``LDAPSyncConsumer`` and applies them with a ``DirectoryCacheInvalidator``.
///
/// - ``LDAPSyncEvent/changed(dn:)`` → the DN's cache keys (see ``DirectoryCacheInvalidator``).
/// - ``LDAPSyncEvent/synchronized(uri:)`` (after every connect, once the refresh phase is
///   over) and ``LDAPSyncEvent/unknownChanges`` → every cache is emptied: changes made while
///   no session ran may be reported by entryUUID only, so nothing cached before can be trusted.
/// - ``LDAPSyncEvent/disconnected(reason:)`` → nothing: until the next session the caches fall
///   back to their TTLs (and keep serving stale entries while the directory is down).
public struct DirectoryCacheSynchronizer: Sendable {
    /// The RFC 4533 session.
    public let consumer: LDAPSyncConsumer
    /// Maps DNs to cache keys.
    public let invalidator: DirectoryCacheInvalidator
    let logger: Logger
    private let applied = AppliedSynchronizations()

    /// How many times a (re)connected session has emptied the caches so far. Tests wait for
    /// the first before they fill the caches, so that flush cannot undo their priming.
    public var synchronizations: Int { applied.count.withLock { $0 } }

    /// Creates a synchronizer.
    /// - Parameters:
    ///   - consumer: The change feed (not yet started).
    ///   - invalidator: The caches and the layout.
    ///   - logger: Receives one line per reconnect and, at debug level, per change.
    public init(consumer: LDAPSyncConsumer, invalidator: DirectoryCacheInvalidator, logger: Logger) {
        self.consumer = consumer
        self.invalidator = invalidator
        self.logger = logger
    }

    /// A consumer for the bases dirauthd reads (people, groups, realms, capabilities, OTP),
    /// below the layout's suffix, bound with `configuration`'s identity (the service account
    /// may read every one of those bases; see `ldif/README.md`).
    /// - Parameters:
    ///   - configuration: The LDAP settings (URIs, bind, TLS, timeouts).
    ///   - layout: The bases.
    ///   - logger: For the consumer.
    /// - Returns: A consumer, not started.
    public static func consumer(configuration: LDAPConfiguration, layout: DirectoryLayout, logger: Logger) -> LDAPSyncConsumer {
        let bases = [layout.peopleBase, layout.groupBase, layout.realmBase, layout.capabilityBase, layout.otpBase]
        return LDAPSyncConsumer(
            configuration: configuration,
            sync: LDAPSyncConfiguration(base: layout.baseDN, filter: LDAPSyncConfiguration.subtreeFilter(bases)),
            logger: logger
        )
    }

    /// Starts the consumer and applies its events until it is stopped.
    public func run() async {
        consumer.start()
        for await event in consumer.events {
            switch event {
            case .changed(let dn):
                await invalidator.entryChanged(dn)
            case .synchronized(let uri):
                await invalidator.invalidateAll()
                applied.count.withLock { $0 += 1 }
                logger.info("caches emptied after the change feed (re)connected", metadata: ["uri": "\(uri)"])
            case .unknownChanges:
                await invalidator.invalidateAll()
                logger.debug("caches emptied after changes that could not be named")
            case .disconnected:
                break
            }
        }
    }

    /// Stops the consumer; ``run()`` returns once the remaining events are applied.
    public func stop() async {
        await consumer.stop()
    }
}

/// The synchronizer's counter, shared by its copies.
private final class AppliedSynchronizations: Sendable {
    let count = Mutex(0)
}
