// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import DirAuthCore
import DirAuthServer
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import OTP
import Testing

/// `POST /ungleichotp/verify/` reads caller and target with one batch read up front; the
/// answers and counters must be those of reading each where it is needed.
@Suite("OTP API: verify with prefetched entries (slapd)")
struct OTPVerifyPrefetchTests {
    @Test("a verifier checking its own triple counts a target failure from the cleared counter, not the prefetched one")
    func selfVerify() async throws {
        let directory = try OTPTestDirectory()
        do {
            let verifier = try await directory.principal(realm: "ungleich-auth")
            try await directory.app().test(.router) { client in
                try Task.checkCancellation()
                let now = directory.clock.now
                let wrong = OTPRequestShapeTests.wrongCode(verifier, now)
                let own = ["name": verifier.name, "realm": verifier.realm]
                // Two failures as caller.
                for _ in 0..<2 {
                    let refused = try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: own.merging(["token": wrong]) { $1 }, token: wrong)
                    #expect(refused.status == 403)
                    #expect(refused.body.contains("Incorrect authentication credentials."))
                }
                #expect(try await directory.store.entry(name: verifier.name, realm: verifier.realm)?.lockout.failures == 2)
                // The caller succeeds (clearing the counter), the target token is wrong: one failure now.
                let targetWrong = try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: own.merging(["token": wrong]) { $1 })
                #expect(targetWrong.status == 403)
                #expect(targetWrong.body.contains("You do not have permission"))
                #expect(try await directory.store.entry(name: verifier.name, realm: verifier.realm)?.lockout.failures == 1)
                let good = try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: own.merging(["token": verifier.token(at: now)]) { $1 })
                #expect(good.status == 200)
                #expect(good.body == "{\"status\":\"OK\"}")
                #expect(try await directory.store.entry(name: verifier.name, realm: verifier.realm)?.lockout.failures == 0)
            }
        } catch {
            await directory.cleanUp()
            throw error
        }
        await directory.cleanUp()
    }

    @Test("order of answers: caller (403), capability (403), target fields (400), unknown target (403)")
    func order() async throws {
        let directory = try OTPTestDirectory()
        do {
            let verifier = try await directory.principal(realm: "ungleich-auth")
            let admin = try await directory.principal(realm: "ungleich-admin")
            try await directory.app().test(.router) { client in
                try Task.checkCancellation()
                let now = directory.clock.now
                let blank = ["name": "", "realm": "services", "token": "123456"]
                let badCaller = try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: blank, token: OTPRequestShapeTests.wrongCode(verifier, now))
                #expect(badCaller.status == 403 && badCaller.body.contains("Incorrect authentication credentials."))
                let noCapability = try await client.otp(.post, "/ungleichotp/verify/", caller: admin, at: now, fields: blank)
                #expect(noCapability.status == 403 && noCapability.body.contains("You do not have permission"))
                let fieldError = try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: blank)
                #expect(fieldError.status == 400)
                #expect(fieldError.body == "{\"name\":[\"This field may not be blank.\"]}")
                let unknown = try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: ["name": "nobody-\(UUID())", "realm": "services", "token": "123456"])
                #expect(unknown.status == 403 && unknown.body.contains("You do not have permission"))
            }
        } catch {
            await directory.cleanUp()
            throw error
        }
        await directory.cleanUp()
    }
}
