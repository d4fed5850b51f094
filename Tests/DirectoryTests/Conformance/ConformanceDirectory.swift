// SPDX-License-Identifier: Apache-2.0

import Directory
import Foundation
import LDAPClient
import Logging
import TestSupport
import Testing

/// Every implementation of a directory port answers the same questions the same way
/// (dex's storage conformance): one contract per port, each clause run against every
/// implementation and against the caching decorators over them.
///
/// The LDAP implementations run against one private slapd for the whole suite
/// (``ConformanceDirectoryTrait``): the sample directory plus ``ConformanceFixture``'s
/// additions, so the OTP contract may write and the key and membership contracts may rely
/// on entries the shared test directory does not hold.
@Suite("Directory conformance", .conformanceDirectory)
struct DirectoryConformance {}

/// The private slapd of the conformance suite, as dirauthd (the service account) and as an
/// administrator see it.
struct ConformanceDirectory: Sendable {
    /// The directory of the running conformance suite.
    @TaskLocal static var current: ConformanceDirectory?

    /// The layout of the sample directory.
    let layout: DirectoryLayout
    /// The settings `scripts/directory.sh` wrote (demo OTP seeds among them).
    let environment: DirectoryEnvironment
    /// dirauthd's view: what the LDAP adapters use.
    let service: LDAPConnectionPool
    /// The rootdn: changes made behind the adapters' backs.
    let admin: LDAPConnectionPool

    /// The directory of the running conformance suite.
    /// - Throws: ``TestEnvironmentError`` outside ``DirectoryConformance``.
    static func require() throws -> ConformanceDirectory {
        guard let current else {
            throw TestEnvironmentError("the conformance directory exists only inside @Suite(.conformanceDirectory)")
        }
        return current
    }

    init(_ directory: ThrowawayDirectory) throws {
        environment = directory.environment
        let uri = try environment.require("DIRAUTH_LDAP_URI")
        layout = DirectoryLayout(baseDN: try environment.require("DIRAUTH_LDAP_BASE_DN"))
        service = LDAPConnectionPool(configuration: LDAPConfiguration(
            uris: [uri],
            bind: .simple(dn: try environment.require("DIRAUTH_LDAP_BIND_DN"), password: try environment.require("DIRAUTH_LDAP_BIND_PASSWORD")),
            poolSize: 4
        ))
        admin = LDAPConnectionPool(configuration: LDAPConfiguration(
            uris: [uri],
            bind: .simple(dn: try environment.require("LDAP_ADMIN_DN"), password: try environment.require("LDAP_ADMIN_PASSWORD")),
            poolSize: 2
        ))
    }

    /// The LDAP key adapter.
    func keys() -> LDAPPublicKeyDirectory {
        LDAPPublicKeyDirectory(client: service, layout: layout, logger: Logger(label: "conformance"))
    }

    /// The LDAP membership adapter, following `nestingDepth` levels of groups in groups.
    func memberships(nestingDepth: Int = ConformanceFixture.nestingDepth) -> LDAPMembershipDirectory {
        LDAPMembershipDirectory(client: service, layout: layout, nestingDepth: nestingDepth, logger: Logger(label: "conformance"))
    }

    /// The LDAP OTP store.
    func otpEntries() -> LDAPOTPEntryStore {
        LDAPOTPEntryStore(client: service, layout: layout, logger: Logger(label: "conformance"))
    }

    /// `cn=<realm>,<realm base>`.
    func realmDN(_ realm: String) -> String {
        LDAPDistinguishedName.dn([LDAPDistinguishedName.rdn("cn", realm)], parent: layout.realmBase)
    }

    func shutdown() async {
        await service.shutdown()
        await admin.shutdown()
    }
}

/// Starts the conformance suite's private slapd before its first test, loads
/// ``ConformanceFixture`` into it, and stops it after the last test.
struct ConformanceDirectoryTrait: SuiteTrait, TestScoping {
    /// Once for the whole suite, not once per test.
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let name = "conformance-" + UUID().uuidString.prefix(8).lowercased()
        try await ThrowawayDirectory.with(name: name) { directory async throws in
            let shared = try ConformanceDirectory(directory)
            do {
                try await ConformanceFixture.load(into: shared)
                try await ConformanceDirectory.$current.withValue(shared) { try await function() }
            } catch {
                await shared.shutdown()
                throw error
            }
            await shared.shutdown()
        }
    }
}

extension Trait where Self == ConformanceDirectoryTrait {
    /// A private slapd holding the sample directory and ``ConformanceFixture``, for the whole suite.
    static var conformanceDirectory: Self { Self() }
}
