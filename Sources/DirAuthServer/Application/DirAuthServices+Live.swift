// SPDX-License-Identifier: Apache-2.0

public import Directory
import LDAPClient
public import Logging
import ServiceLifecycle

extension DirAuthServices {
    /// The production wiring: one LDAP connection pool for every lookup, the key
    /// sources in the configured order, a health probe per directory server and, unless
    /// `DIRAUTH_CACHE_ENABLED=false`, the caches and change feed of ``cached(configuration:health:keys:memberships:otpEntries:logger:)``.
    /// - Parameters:
    ///   - configuration: The validated settings.
    ///   - logger: The server's logger.
    public static func live(configuration: DirAuthConfiguration, logger: Logger) -> DirAuthServices {
        let ldapConfiguration = configuration.ldap.clientConfiguration
        let client = LDAPConnectionPool(configuration: ldapConfiguration, logger: logger)
        let keySources: [any PublicKeyDirectory] = configuration.keySources.map { source in
            switch source {
            case .ldap:
                return LDAPPublicKeyDirectory(client: client, layout: configuration.layout, logger: logger)
            case .files:
                return FilePublicKeyDirectory(folder: configuration.keyDirectory ?? ".") { user, error in
                    logger.warning("skipped a key file line", metadata: ["user": "\(user)", "reason": "\(error)"])
                }
            }
        }
        let keys: any PublicKeyDirectory = keySources.count == 1 ? keySources[0] : ChainedPublicKeyDirectory(keySources)
        let memberships = LDAPMembershipDirectory(
            client: client,
            layout: configuration.layout,
            nestingDepth: configuration.groupNestingDepth,
            logger: logger
        )
        let otpEntries = LDAPOTPEntryStore(client: client, layout: configuration.layout, logger: logger)
        let health = LDAPDirectoryHealthProbe(configuration: ldapConfiguration)
        let closing = ResourceShutdownService([
            ("LDAP connection pool", { await client.shutdown() }), ("health probe connections", { await health.shutdown() }),
        ])
        var services: DirAuthServices
        if configuration.cache.enabled {
            services = cached(
                configuration: configuration, health: health, keys: keys, memberships: memberships, otpEntries: otpEntries, logger: logger
            )
        } else {
            services = DirAuthServices(health: health, keys: keys, memberships: memberships, otpEntries: otpEntries)
        }
        // First in the group, so it shuts down last: after the HTTP server and the change feed.
        services.background.insert(closing, at: 0)
        return services
    }
}

extension DirAuthServices {
    /// Wraps the directory ports in caches (`DIRAUTH_CACHE_*`) and, unless
    /// `DIRAUTH_CACHE_SYNC=false`, adds the RFC 4533 change feed that invalidates them.
    /// - Parameters:
    ///   - configuration: The validated settings.
    ///   - health: The per-server probe.
    ///   - keys: The key sources.
    ///   - memberships: The membership directory.
    ///   - otpEntries: The OTP store.
    ///   - logger: The server's logger.
    /// - Returns: The services, caches and feed wired.
    public static func cached(
        configuration: DirAuthConfiguration,
        health: any DirectoryHealthProbe,
        keys: any PublicKeyDirectory,
        memberships: any MembershipDirectory,
        otpEntries: any OTPEntryStore,
        logger: Logger
    ) -> DirAuthServices {
        let cacheConfiguration = configuration.cache.cacheConfiguration
        let clock = ContinuousClock()
        let cachedKeys = CachingPublicKeyDirectory(keys, configuration: cacheConfiguration, clock: clock)
        let cachedMemberships = CachingMembershipDirectory(memberships, configuration: cacheConfiguration, clock: clock)
        let cachedOTP = CachingOTPEntryStore(otpEntries, configuration: cacheConfiguration, clock: clock)
        let invalidator = DirectoryCacheInvalidator(
            layout: configuration.layout, caches: [cachedKeys, cachedMemberships, cachedOTP], logger: logger
        )
        var synchronizer: DirectoryCacheSynchronizer?
        var background: [any Service] = []
        if configuration.cache.pushInvalidation {
            let feed = DirectoryCacheSynchronizer.consumer(
                configuration: configuration.ldap.clientConfiguration, layout: configuration.layout, logger: logger
            )
            let following = DirectoryCacheSynchronizer(consumer: feed, invalidator: invalidator, logger: logger)
            synchronizer = following
            background.append(DirectoryChangeFeedService(synchronizer: following))
        }
        return DirAuthServices(
            health: health, keys: cachedKeys, memberships: cachedMemberships, otpEntries: cachedOTP,
            cache: DirectoryCacheHealthProbe(invalidator: invalidator, synchronizer: synchronizer), background: background
        )
    }
}

extension LDAPSettings {
    /// The LDAPConnectionPool configuration these settings describe.
    var clientConfiguration: LDAPConfiguration {
        LDAPConfiguration(
            uris: uris,
            bind: bindDN.map { .simple(dn: $0, password: bindPassword ?? "") } ?? .anonymous,
            tls: LDAPTLSConfiguration(caFile: caFile, startTLS: startTLS, verifyCertificate: verifyCertificates),
            connectTimeout: connectTimeout,
            operationTimeout: operationTimeout,
            poolSize: poolSize,
            downRetryInterval: downRetryInterval
        )
    }
}
