// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import DirAuthCore
import DirAuthServer
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import OTP
import Testing

/// Brute-force lockout through the real router, counters in slapd, with a moved clock.
@Suite("OTP API: lockout (slapd)")
struct OTPLockoutTests {
    @Test("N failures lock the name (429 + Retry-After, even with the right token), the lock lifts, others are unaffected")
    func lockout() async throws {
        let directory = try OTPTestDirectory()
        do {
            let admin = try await directory.principal(realm: "ungleich-admin")
            let bystander = try await directory.principal(realm: "ungleich-admin")
            var settings = OTPSettings()
            settings.lockout = OTPLockoutPolicy(threshold: 3, window: 300, duration: 900)
            try await directory.app(settings: settings).test(.router) { client in
                try Task.checkCancellation()
                let now = directory.clock.now
                let wrong = OTPRequestShapeTests.wrongCode(admin, now)
                for _ in 0..<3 {
                    #expect(try await client.otp(.get, "/ungleichotp/", caller: admin, at: now, token: wrong).status == 403)
                }
                let locked = try await client.otp(.get, "/ungleichotp/", caller: admin, at: now)
                #expect(locked.status == 429)
                #expect(locked.headers[.retryAfter] == "900")
                #expect(locked.body == "{\"detail\":\"Request was throttled. Expected available in 900 seconds.\"}")
                // Another principal is not affected.
                #expect(try await client.otp(.get, "/ungleichotp/", caller: bystander, at: now).status == 200)
                // An unknown name locks the same way (a 429 does not reveal existence).
                let stranger = directory.stranger()
                for _ in 0..<3 {
                    #expect(try await client.otp(.get, "/ungleichotp/", caller: stranger, at: now).status == 403)
                }
                #expect(try await client.otp(.get, "/ungleichotp/", caller: stranger, at: now).status == 429)

                directory.clock.advance(901)
                let later = directory.clock.now
                #expect(try await client.otp(.get, "/ungleichotp/", caller: admin, at: later).status == 200, "the lock lifted")
                #expect(try await client.otp(.get, "/ungleichotp/", caller: admin, at: later, token: OTPRequestShapeTests.wrongCode(admin, later)).status == 403)
                #expect(try await directory.store.entry(name: admin.name, realm: admin.realm)?.lockout.failures == 1)
                #expect(try await client.otp(.get, "/ungleichotp/", caller: admin, at: later).status == 200)
                #expect(try await directory.store.entry(name: admin.name, realm: admin.realm)?.lockout.failures == 0, "a success clears the counter")
            }
        } catch {
            await directory.cleanUp()
            throw error
        }
        await directory.cleanUp()
    }

    @Test("failures older than the window do not add up")
    func window() async throws {
        let directory = try OTPTestDirectory()
        do {
            let admin = try await directory.principal(realm: "ungleich-admin")
            var settings = OTPSettings()
            settings.lockout = OTPLockoutPolicy(threshold: 2, window: 300, duration: 900)
            try await directory.app(settings: settings).test(.router) { client in
                try Task.checkCancellation()
                #expect(try await client.otp(.get, "/ungleichotp/", caller: admin, at: directory.clock.now, token: "000000x").status == 403)
                directory.clock.advance(301)
                let now = directory.clock.now
                #expect(try await client.otp(.get, "/ungleichotp/", caller: admin, at: now, token: OTPRequestShapeTests.wrongCode(admin, now)).status == 403)
                #expect(try await client.otp(.get, "/ungleichotp/", caller: admin, at: now).status == 200)
            }
        } catch {
            await directory.cleanUp()
            throw error
        }
        await directory.cleanUp()
    }

    @Test("single-use realms refuse a verified target token the second time")
    func singleUse() async throws {
        let directory = try OTPTestDirectory()
        do {
            let verifier = try await directory.principal(realm: "ungleich-auth")
            let target = try await directory.principal()
            var settings = OTPSettings()
            settings.singleUseRealms = [directory.scratchRealm]
            try await directory.app(settings: settings).test(.router) { client in
                try Task.checkCancellation()
                let now = directory.clock.now
                let fields = ["name": target.name, "realm": target.realm, "token": target.token(at: now)]
                #expect(try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: fields).status == 200)
                #expect(try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: fields).status == 403)
                // The caller's own token stays a bearer credential within its window.
                #expect(try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: [
                    "name": verifier.name, "realm": verifier.realm, "token": verifier.token(at: now),
                ]).status == 200)
                directory.clock.advance(30)
                let next = directory.clock.now
                #expect(try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: next, fields: [
                    "name": target.name, "realm": target.realm, "token": target.token(at: next),
                ]).status == 200)
            }
        } catch {
            await directory.cleanUp()
            throw error
        }
        await directory.cleanUp()
    }
}
