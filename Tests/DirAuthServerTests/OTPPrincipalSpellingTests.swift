// SPDX-License-Identifier: Apache-2.0

import Caching
import DirAuthCore
import DirAuthServer
import Directory
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import OTP
import TestSupport
import Testing

/// Issue 14's attack and its relatives through the real router against slapd, with the OTP
/// store bare and behind its cache: a principal is one principal in every spelling the
/// directory matches alike.
@Suite("OTP API: principal spellings (slapd)")
struct OTPPrincipalSpellingTests {
    /// The OTP store as dirauthd may use it.
    enum Store: String, CaseIterable, CustomTestStringConvertible {
        case bare, cached
        var testDescription: String { rawValue }
    }

    /// The application over `directory`, its OTP store and memberships cached or not; the
    /// cached OTP store is returned for inspection.
    func app(
        _ directory: OTPTestDirectory, _ store: Store, settings: OTPSettings
    ) throws -> (app: some ApplicationProtocol, cache: CachingOTPEntryStore<ManualClock>?) {
        var configuration = TestConfiguration.make()
        configuration.otp = settings
        let clock = directory.clock
        let cacheConfiguration = TTLCacheConfiguration(ttl: .seconds(600), negativeTTL: .seconds(30), jitter: 0, refreshAhead: nil, maxStale: .zero)
        let cached = store == .cached ? CachingOTPEntryStore(directory.store, configuration: cacheConfiguration, clock: ManualClock()) : nil
        let memberships: any MembershipDirectory =
            store == .cached ? CachingMembershipDirectory(directory.memberships, configuration: cacheConfiguration, clock: ManualClock()) : directory.memberships
        let app = try buildApplication(
            configuration: configuration,
            services: DirAuthServices(
                health: OTPTestDirectory.NoProbe(), keys: InMemoryDirectory(), memberships: memberships,
                otpEntries: cached ?? directory.store, now: { clock.now }
            ),
            logger: Logger(label: "test")
        )
        return (app, cached)
    }

    /// Runs `body` with a fresh test directory, cleaning up whatever happens.
    func withDirectory(_ body: (OTPTestDirectory) async throws -> Void) async throws {
        let directory = try OTPTestDirectory()
        do {
            try await body(directory)
        } catch {
            await directory.cleanUp()
            throw error
        }
        await directory.cleanUp()
    }

    /// `principal` spelled otherwise, with the same seed.
    func spelled(_ principal: OTPPrincipal, name: String, realm: String) -> OTPPrincipal {
        OTPPrincipal(name: name, realm: realm, secret: principal.secret, id: principal.id)
    }

    @Test("the reported attack: a single-use code redeemed as name@realm is refused as name@REALM, NAME@realm and Name@Realm", arguments: Store.allCases)
    func singleUseReplay(store: Store) async throws {
        try await withDirectory { directory async throws in
            let verifier = try await directory.principal(realm: "ungleich-auth")
            let target = try await directory.principal()
            var settings = OTPSettings()
            settings.singleUseRealms = [directory.scratchRealm]
            try await app(directory, store, settings: settings).app.test(.router) { client async throws in
                let now = directory.clock.now
                let code = target.token(at: now)
                func verify(_ name: String, _ realm: String) async throws -> Int {
                    try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: ["name": name, "realm": realm, "token": code]).status
                }
                #expect(try await verify(target.name, target.realm) == 200)
                for (name, realm) in [
                    (target.name, target.realm.uppercased()), (target.name.uppercased(), target.realm),
                    (target.name.capitalized, target.realm.capitalized), (target.name, " " + target.realm + " "),
                ] {
                    #expect(try await verify(name, realm) == 403, "\(name)@\(realm)")
                }
            }
        }
    }

    @Test("a single-use realm configured in capitals covers the realm as stored", arguments: Store.allCases)
    func singleUseConfiguredInCapitals(store: Store) async throws {
        try await withDirectory { directory async throws in
            let verifier = try await directory.principal(realm: "ungleich-auth")
            let target = try await directory.principal()
            var settings = OTPSettings()
            settings.singleUseRealms = [directory.scratchRealm.uppercased()]
            try await app(directory, store, settings: settings).app.test(.router) { client async throws in
                let now = directory.clock.now
                let fields = ["name": target.name, "realm": target.realm, "token": target.token(at: now)]
                #expect(try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: fields).status == 200)
                #expect(try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: fields).status == 403)
            }
        }
    }

    @Test("capabilities hold for ungleich-ADMIN: a caller of ungleich-admin may list in any spelling, from one cache entry", arguments: Store.allCases)
    func capabilitiesInAnySpelling(store: Store) async throws {
        try await withDirectory { directory async throws in
            let admin = try await directory.principal(realm: "ungleich-admin")
            let (app, cache) = try app(directory, store, settings: OTPSettings())
            try await app.test(.router) { client async throws in
                let now = directory.clock.now
                for realm in ["ungleich-admin", "ungleich-ADMIN", "UNGLEICH-ADMIN", "Ungleich-Admin"] {
                    let caller = spelled(admin, name: admin.name.uppercased(), realm: realm)
                    #expect(try await client.otp(.get, "/ungleichotp/", caller: caller, at: now).status == 200, "\(realm)")
                }
            }
            if let cache {
                #expect(cache.cache.keysByRecency.filter { $0.canonicalName == CanonicalName(admin.name) }.count == 1, "one cache entry for every spelling")
                #expect(cache.cache.statistics.hits >= 3)
            }
        }
    }

    @Test("lockout counts NAME@realm and name@REALM with name@realm, for stored entries and unknown names", arguments: Store.allCases)
    func lockoutInAnySpelling(store: Store) async throws {
        try await withDirectory { directory async throws in
            let admin = try await directory.principal(realm: "ungleich-admin")
            let stranger = directory.stranger()
            var settings = OTPSettings()
            settings.lockout = OTPLockoutPolicy(threshold: 3, window: 300, duration: 900)
            try await app(directory, store, settings: settings).app.test(.router) { client async throws in
                let now = directory.clock.now
                for principal in [admin, stranger] {
                    let wrong = OTPRequestShapeTests.wrongCode(principal, now)
                    for caller in [
                        spelled(principal, name: principal.name.uppercased(), realm: principal.realm),
                        spelled(principal, name: principal.name, realm: principal.realm.uppercased()),
                        spelled(principal, name: principal.name.capitalized, realm: principal.realm.capitalized),
                    ] {
                        #expect(try await client.otp(.get, "/ungleichotp/", caller: caller, at: now, token: wrong).status == 403)
                    }
                    #expect(try await client.otp(.get, "/ungleichotp/", caller: principal, at: now).status == 429, "\(principal.name): locked as stored")
                }
            }
            #expect(try await directory.store.entry(name: admin.name, realm: admin.realm)?.lockout.failures == 3)
        }
    }
}
