// SPDX-License-Identifier: Apache-2.0

import Caching
import Directory
import Foundation
import LDAPClient
import Logging
import OTP
import TestSupport
import Testing

/// The TOTP parameters entry (`cn=totp-params,ou=otp`) that ``LDAPOTPEntryStore`` caches:
/// kept for its TTL on the store's clock, and forgotten when the change feed reports a
/// change of it, so that entries read afterwards carry the new parameters. Each test changes
/// the parameters, so each has a private slapd.
@Suite("TOTP parameter cache (slapd)")
struct TOTPParameterCacheTests {
    /// The demo service entry's name and realm, an administrator, and a store whose parameter
    /// cache runs on `clock`.
    struct Setup {
        let layout: DirectoryLayout
        let serviceConfiguration: LDAPConfiguration
        let service: LDAPConnectionPool
        let admin: LDAPConnectionPool
        let demo: OTPEntryKey

        init(_ directory: ThrowawayDirectory) throws {
            let environment = directory.environment
            let uri = try environment.require("DIRAUTH_LDAP_URI")
            layout = DirectoryLayout(baseDN: try environment.require("DIRAUTH_LDAP_BASE_DN"))
            serviceConfiguration = LDAPConfiguration(
                uris: [uri],
                bind: .simple(dn: try environment.require("DIRAUTH_LDAP_BIND_DN"), password: try environment.require("DIRAUTH_LDAP_BIND_PASSWORD")),
                poolSize: 2
            )
            service = LDAPConnectionPool(configuration: serviceConfiguration)
            admin = LDAPConnectionPool(configuration: LDAPConfiguration(
                uris: [uri],
                bind: .simple(dn: try environment.require("LDAP_ADMIN_DN"), password: try environment.require("LDAP_ADMIN_PASSWORD")),
                poolSize: 1
            ))
            let parts = try environment.require("DEMO_OTP_SERVICE").split(separator: ":").map(String.init)
            try #require(parts.count == 3)
            demo = OTPEntryKey(name: parts[0], realm: parts[1])
        }

        func store(clock: ManualClock) -> LDAPOTPEntryStore {
            LDAPOTPEntryStore(
                client: service, layout: layout, parameterCache: LDAPOTPEntryStore.defaultParameterCacheConfiguration, clock: clock,
                logger: Logger(label: "totp-params")
            )
        }

        /// Sets `oathOTPLength` of the shared parameters entry, as an administrator would.
        func setDigits(_ digits: Int) async throws {
            try await admin.modify(
                dn: "cn=totp-params,\(layout.otpBase)", changes: [.replace("oathOTPLength", values: [Array(String(digits).utf8)])]
            )
        }

        func shutdown() async {
            await service.shutdown()
            await admin.shutdown()
        }
    }

    /// Runs `body` with a private directory and its ``Setup``, cleaned up afterwards.
    func withDirectory(_ name: String, _ body: (Setup) async throws -> Void) async throws {
        try await ThrowawayDirectory.with(name: name + "-" + UUID().uuidString.prefix(8).lowercased()) { directory in
            let setup = try Setup(directory)
            do {
                try await body(setup)
            } catch {
                await setup.shutdown()
                throw error
            }
            await setup.shutdown()
        }
    }

    @Test("the parameters are read once and kept for 60 s on the store's clock; only a change below the OTP base forgets them sooner")
    func timeToLive() async throws {
        try await withDirectory("totp-params-ttl") { setup in
            let clock = ManualClock()
            let store = setup.store(clock: clock)
            func digits() async throws -> Int? {
                try await store.entry(name: setup.demo.name, realm: setup.demo.realm)?.parameters.digits
            }
            #expect(try await digits() == 6)

            try await setup.setDigits(8)
            #expect(try await digits() == 6, "cached")
            clock.advance(by: .seconds(59))
            #expect(try await digits() == 6, "still within the 60 s")
            clock.advance(by: .seconds(2))
            #expect(try await digits() == 8, "expired and read again")

            // Changes elsewhere keep them; a change of the parameters entry (otpOther) does not.
            try await setup.setDigits(7)
            for change in [DirectoryChange.otpEntry(name: setup.demo.name, realm: setup.demo.realm), .realm(name: setup.demo.realm), .person(username: nil)] {
                await store.invalidate(for: change)
                #expect(try await digits() == 8, "after \(change)")
            }
            await store.invalidate(for: DirectoryChange.classify("cn=totp-params,\(setup.layout.otpBase)", layout: setup.layout))
            #expect(try await digits() == 7)

            try await setup.setDigits(6)
            await store.invalidateAll()
            #expect(try await digits() == 6, "a gap in the change feed forgets them too")
            #expect(await store.servableEntryCount() == 0, "parameters alone answer no request")
        }
    }

    @Test("a change of the parameters entry reaches the cached OTP entries through the change feed within 5 s")
    func changeFeed() async throws {
        try await withDirectory("totp-params-feed") { setup in
            let logger = Logger(label: "totp-params")
            // Neither clock moves: only the change feed can make a new answer visible.
            let cached = CachingOTPEntryStore(
                setup.store(clock: ManualClock()),
                configuration: TTLCacheConfiguration(ttl: .seconds(600), negativeTTL: .seconds(600), jitter: 0, refreshAhead: nil, maxStale: .seconds(3600)),
                clock: ManualClock()
            )
            let synchronizer = DirectoryCacheSynchronizer(
                consumer: DirectoryCacheSynchronizer.consumer(configuration: setup.serviceConfiguration, layout: setup.layout, logger: logger),
                invalidator: DirectoryCacheInvalidator(layout: setup.layout, caches: [cached], logger: logger),
                logger: logger
            )
            let feed = Task { await synchronizer.run() }
            do {
                try await CachingPushInvalidationTests.waitUntilSynchronized(synchronizer)
                let (name, realm) = (setup.demo.name, setup.demo.realm)
                #expect(try await cached.entry(name: name, realm: realm)?.parameters.digits == 6)
                #expect(try await cached.entries(for: [setup.demo])[setup.demo]?.parameters.digits == 6)

                try await setup.setDigits(8)
                _ = try await CachingPushInvalidationTests.measure("TOTP parameters change") {
                    try await cached.entry(name: name, realm: realm)?.parameters.digits == 8
                }
                #expect(try await cached.entries(for: [setup.demo])[setup.demo]?.parameters.digits == 8)

                try await setup.setDigits(6)
                _ = try await CachingPushInvalidationTests.measure("TOTP parameters change back") {
                    try await cached.entries(for: [setup.demo])[setup.demo]?.parameters.digits == 6
                }
            } catch {
                await synchronizer.stop()
                await feed.value
                throw error
            }
            await synchronizer.stop()
            await feed.value
        }
    }
}
