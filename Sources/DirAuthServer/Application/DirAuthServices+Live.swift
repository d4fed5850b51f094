import Directory
import LDAPClient
public import Logging

extension DirAuthServices {
    /// The production wiring: one LDAP connection pool for every lookup, the key
    /// sources in the configured order, and a health probe per directory server.
    /// - Parameters:
    ///   - configuration: The validated settings.
    ///   - logger: The server's logger.
    public static func live(configuration: DirAuthConfiguration, logger: Logger) -> DirAuthServices {
        let ldapConfiguration = configuration.ldap.clientConfiguration
        let client = LDAPClient(configuration: ldapConfiguration, logger: logger)
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
        return DirAuthServices(
            health: LDAPDirectoryHealthProbe(configuration: ldapConfiguration),
            keys: keySources.count == 1 ? keySources[0] : ChainedPublicKeyDirectory(keySources),
            memberships: LDAPMembershipDirectory(
                client: client,
                layout: configuration.layout,
                nestingDepth: configuration.groupNestingDepth,
                logger: logger
            ),
            otpEntries: LDAPOTPEntryStore(client: client, layout: configuration.layout, logger: logger)
        )
    }
}

extension LDAPSettings {
    /// The LDAPClient configuration these settings describe.
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
