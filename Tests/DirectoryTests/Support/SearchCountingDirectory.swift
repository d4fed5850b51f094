// SPDX-License-Identifier: Apache-2.0

import Directory
import Foundation
import LDAPClient
import Logging
import TestSupport

/// A private slapd with its `cn=Monitor` database enabled, so a test can count the search
/// operations the server completed (`monitorOpCompleted` of `cn=Search,cn=Operations,cn=Monitor`),
/// as the benchmarks do. Only the test's own clients talk to it.
struct SearchCountingDirectory {
    let directory: ThrowawayDirectory
    let layout: DirectoryLayout
    let service: LDAPConnectionPool
    let admin: LDAPConnectionPool

    /// Runs `body` with a fresh private directory (stopped afterwards).
    static func with(_ body: (SearchCountingDirectory) async throws -> Void) async throws {
        let name = "otp-batch-" + UUID().uuidString.prefix(8).lowercased()
        try await ThrowawayDirectory.with(name: name) { directory in
            let environment = directory.environment
            let ldapi = try environment.require("LDAPI_URI")
            // slapd runs as root here; the monitor is readable by root over ldapi:// only.
            _ = try await run("/usr/bin/ldapadd", ["-Q", "-Y", "EXTERNAL", "-H", ldapi], input: """
                dn: olcDatabase=monitor,cn=config
                objectClass: olcDatabaseConfig
                olcDatabase: monitor
                olcAccess: to * by dn.exact="gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth" read by * none

                """)
            let uri = try environment.require("DIRAUTH_LDAP_URI")
            let counting = SearchCountingDirectory(
                directory: directory,
                layout: DirectoryLayout(baseDN: try environment.require("DIRAUTH_LDAP_BASE_DN")),
                service: LDAPConnectionPool(configuration: LDAPConfiguration(
                    uris: [uri],
                    bind: .simple(dn: try environment.require("DIRAUTH_LDAP_BIND_DN"), password: try environment.require("DIRAUTH_LDAP_BIND_PASSWORD")),
                    poolSize: 1
                )),
                admin: LDAPConnectionPool(configuration: LDAPConfiguration(
                    uris: [uri],
                    bind: .simple(dn: try environment.require("LDAP_ADMIN_DN"), password: try environment.require("LDAP_ADMIN_PASSWORD")),
                    poolSize: 1
                ))
            )
            do {
                try await body(counting)
            } catch {
                await counting.service.shutdown()
                await counting.admin.shutdown()
                throw error
            }
            await counting.service.shutdown()
            await counting.admin.shutdown()
        }
    }

    /// The searches slapd has completed so far (the monitor's own read of it is not counted
    /// in the value it returns).
    func searchesCompleted() async throws -> Int {
        let output = try await Self.run("/usr/bin/ldapsearch", [
            "-LLL", "-Q", "-Y", "EXTERNAL", "-H", try directory.environment.require("LDAPI_URI"),
            "-b", "cn=Search,cn=Operations,cn=Monitor", "-s", "base", "monitorOpCompleted",
        ])
        for line in output.split(separator: "\n") where line.hasPrefix("monitorOpCompleted: ") {
            if let value = Int(line.dropFirst("monitorOpCompleted: ".count)) { return value }
        }
        throw TestEnvironmentError("no monitorOpCompleted in: \(output)")
    }

    /// The searches `body` made: the counter after it, minus the counter before it, minus the
    /// one search the first read of the counter itself makes.
    func searches(during body: () async throws -> Void) async throws -> Int {
        let before = try await searchesCompleted()
        try await body()
        let after = try await searchesCompleted()
        return after - before - 1
    }

    var otp: LDAPOTPEntryStore { LDAPOTPEntryStore(client: service, layout: layout, logger: Logger(label: "test")) }

    func memberships(nestingDepth: Int = 3) -> LDAPMembershipDirectory {
        LDAPMembershipDirectory(client: service, layout: layout, nestingDepth: nestingDepth, logger: Logger(label: "test"))
    }

    private static func run(_ tool: String, _ arguments: [String], input: String? = nil) async throws -> String {
        let (status, output) = try await TestProcess.run(tool, arguments, input: input)
        guard status == 0 else { throw TestEnvironmentError("\(tool) exited \(status): \(output)") }
        return output
    }
}
