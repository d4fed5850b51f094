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

/// Bodies, headers, 0.6 field names, limits and odd names, through the real router against slapd.
@Suite("OTP API: request shapes (slapd)")
struct OTPRequestShapeTests {
    static let incorrect = "{\"detail\":\"Incorrect authentication credentials.\"}"

    @Test("verify: later shape as JSON, form (dynamicweb's check_otp) and headers; 0.6 shape; missing fields")
    func verifyShapes() async throws {
        let directory = try OTPTestDirectory()
        do {
            let verifier = try await directory.principal(realm: "ungleich-auth")
            let target = try await directory.principal(realm: "services")
            try await directory.app().test(.router) { client in
                try Task.checkCancellation()
                let now = directory.clock.now
                let fields = ["name": target.name, "realm": target.realm, "token": target.token(at: now)]
                for encoding in OTPEncoding.allCases {
                    for path in ["/ungleichotp/verify/", "/ungleichotp/verify"] {
                        let response = try await client.otp(.post, path, caller: verifier, at: now, fields: fields, encoding: encoding)
                        #expect(response.status == 200, "\(encoding) \(path)")
                        #expect(response.body == "{\"status\":\"OK\"}")
                    }
                }
                // 0.6: the caller is name/realm/token, the target verifyname/verifyrealm/verifytoken.
                let legacy = try await client.raw(.post, "/ungleichotp/verify/", fields: [
                    "name": verifier.name, "realm": verifier.realm, "token": verifier.token(at: now),
                    "verifyname": target.name, "verifyrealm": target.realm, "verifytoken": target.token(at: now),
                ], form: true)
                #expect(legacy.status == 200)
                let missing = try await client.raw(.post, "/ungleichotp/verify/", fields: [
                    "name": verifier.name, "realm": verifier.realm, "token": verifier.token(at: now),
                ])
                #expect(missing.status == 400)
                #expect(missing.body == "{\"verifyname\":[\"This field is required.\"],\"verifytoken\":[\"This field is required.\"],\"verifyrealm\":[\"This field is required.\"]}")
                let blank = try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: [
                    "name": target.name, "realm": target.realm, "token": "  ",
                ])
                #expect(blank.status == 400)
                #expect(blank.body == "{\"token\":[\"This field may not be blank.\"]}")
                // A JSON number is a token (leading zeros lost, as upstream).
                var numeric = try #require(try JSONSerialization.jsonObject(with: Data("{}".utf8)) as? [String: Any])
                numeric = ["auth_name": verifier.name, "auth_realm": verifier.realm, "auth_token": Int(verifier.token(at: now)) ?? 0,
                           "name": target.name, "realm": target.realm, "token": target.token(at: now)]
                let numberResponse = try await client.execute(
                    uri: "/ungleichotp/verify/", method: .post, headers: [.contentType: "application/json"],
                    body: .init(bytes: try JSONSerialization.data(withJSONObject: numeric))
                ) { $0.status.code }
                #expect(numberResponse == (verifier.token(at: now).hasPrefix("0") ? 403 : 200))
                // Wrong target token: 403 with the permission text (a deliberate difference).
                let wrong = try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: [
                    "name": target.name, "realm": target.realm, "token": Self.wrongCode(target, now),
                ])
                #expect(wrong.status == 403)
                #expect(wrong.body == "{\"detail\":\"You do not have permission to perform this action.\"}")
            }
        } catch {
            await directory.cleanUp()
            throw error
        }
        await directory.cleanUp()
    }

    /// A code that is not valid for `principal` within ±3 steps of `date`.
    static func wrongCode(_ principal: OTPPrincipal, _ date: Date) -> String {
        let valid = Set((-3...3).map { principal.token(at: date.addingTimeInterval(Double($0 * 30))) })
        var candidate = 0
        while valid.contains(String(format: "%06d", candidate)) { candidate += 1 }
        return String(format: "%06d", candidate)
    }

    @Test("media types, methods, unknown ids, the window edges and 0.6 list credentials")
    func edges() async throws {
        let directory = try OTPTestDirectory()
        do {
            let admin = try await directory.principal(realm: "ungleich-admin")
            try await directory.app().test(.router) { client in
                try Task.checkCancellation()
                let now = directory.clock.now
                let text = try await client.execute(uri: "/ungleichotp/verify/", method: .post, headers: [.contentType: "text/plain"], body: .init(string: "x")) { $0 }
                #expect(text.status.code == 415)
                #expect(String(buffer: text.body) == "{\"detail\":\"Unsupported media type \\\"text/plain\\\" in request.\"}")
                let malformed = try await client.execute(uri: "/ungleichotp/", method: .get, headers: [.contentType: "application/json"], body: .init(string: "{x")) { $0 }
                #expect(malformed.status.code == 400)
                let none = try await client.raw(.get, "/ungleichotp/", fields: [:])
                #expect(none.status == 403)
                #expect(none.body == Self.incorrect)
                let put = try await client.otp(.put, "/ungleichotp/", caller: admin, at: now)
                #expect(put.status == 405)
                #expect(put.body == "{\"detail\":\"Method \\\"PUT\\\" not allowed.\"}")
                #expect(try await client.otp(.get, "/ungleichotp/verify/", caller: admin, at: now).status == 405)
                #expect(try await client.otp(.get, "/ungleichotp/00000000-0000-4000-8000-000000000000/", caller: admin, at: now).body == "{\"detail\":\"Not found.\"}")
                #expect(try await client.otp(.get, "/ungleichotp/999/", caller: admin, at: now).status == 404)
                #expect(try await client.otp(.delete, "/ungleichotp/", caller: admin, at: now, fields: ["name": "nobody-here", "realm": "nowhere"]).status == 404)
                // 0.6 credentials (name/realm/token) on list.
                let legacyList = try await client.raw(.get, "/ungleichotp", fields: ["name": admin.name, "realm": admin.realm, "token": admin.token(at: now)])
                #expect(legacyList.status == 200)
                // Window ±1 by default: ±30 s accepted, ±60 s refused.
                for (offset, status) in [(-60.0, 403), (-30.0, 200), (30.0, 200), (60.0, 403)] {
                    let response = try await client.otp(.get, "/ungleichotp/", caller: admin, at: now, token: admin.token(at: now.addingTimeInterval(offset)))
                    #expect(response.status == status, "offset \(offset)")
                }
                // A duplicate create is the unique-set error.
                let duplicate = try await client.otp(.post, "/ungleichotp/", caller: admin, at: now, fields: ["name": admin.name, "realm": admin.realm])
                #expect(duplicate.status == 400)
                #expect(duplicate.body == "{\"non_field_errors\":[\"The fields name, realm must make a unique set.\"]}")
                // 128 two-byte characters pass the field check but not slapd's RDN key limit: a 400, not a 503.
                let wide = try await client.otp(.post, "/ungleichotp/", caller: admin, at: now, fields: ["name": String(repeating: "é", count: 128), "realm": directory.scratchRealm])
                #expect(wide.status == 400)
                #expect(wide.body.hasPrefix("{\"non_field_errors\":"))
                let missing = try await client.otp(.post, "/ungleichotp/", caller: admin, at: now, fields: ["realm": directory.scratchRealm])
                #expect(missing.body == "{\"name\":[\"This field is required.\"]}")
            }
            // DIRAUTH_OTP_WINDOW=3 restores ungleich-otp's ±90 s.
            var settings = OTPSettings()
            settings.window = 3
            try await directory.app(settings: settings).test(.router) { client in
                try Task.checkCancellation()
                let now = directory.clock.now
                for (offset, status) in [(-120.0, 403), (-90.0, 200), (90.0, 200), (120.0, 403)] {
                    let response = try await client.otp(.get, "/ungleichotp/", caller: admin, at: now, token: admin.token(at: now.addingTimeInterval(offset)))
                    #expect(response.status == status, "offset \(offset)")
                }
            }
        } catch {
            await directory.cleanUp()
            throw error
        }
        await directory.cleanUp()
    }

    @Test("128-character limits, non-ASCII and LDAP-special names get clear answers and leak nothing",
          arguments: ["*", ")(", "\\", ",+=", "Zürich-☃", String(repeating: "n", count: 128)])
    func names(name: String) async throws {
        let directory = try OTPTestDirectory()
        do {
            let admin = try await directory.principal(realm: "ungleich-admin")
            let verifier = try await directory.principal(realm: "ungleich-auth")
            try await directory.app().test(.router) { client in
                try Task.checkCancellation()
                let now = directory.clock.now
                let created = try await client.otp(.post, "/ungleichotp/", caller: admin, at: now, fields: ["name": name, "realm": directory.scratchRealm], encoding: .form)
                #expect(created.status == 201, "\(created.body)")
                #expect(created.object["name"] as? String == name)
                let seed = try #require(created.object["seed"] as? String)
                if let id = created.object["id"] as? String, let entry = try await directory.store.entry(id: id) { directory.track(entry) }
                let principal = OTPPrincipal(name: name, realm: directory.scratchRealm, secret: try OTPSecret(base32: seed))
                let ok = try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: [
                    "name": name, "realm": directory.scratchRealm, "token": principal.token(at: now),
                ], encoding: .form)
                #expect(ok.status == 200)
                // The same name as a wildcard-ish lookup in another realm finds nothing.
                let other = try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: [
                    "name": name, "realm": "services", "token": principal.token(at: now),
                ])
                #expect(other.status == 403)
                // One character too many: 400 naming the field, for the target and the caller alike.
                let long = name + "x"
                if long.count > 128 {
                    let tooLong = try await client.otp(.post, "/ungleichotp/", caller: admin, at: now, fields: ["name": long, "realm": directory.scratchRealm])
                    #expect(tooLong.status == 400)
                    #expect(tooLong.body == "{\"name\":[\"Ensure this field has no more than 128 characters.\"]}")
                    let longCaller = OTPPrincipal(name: long, realm: "ungleich-admin", secret: .random())
                    #expect(try await client.otp(.get, "/ungleichotp/", caller: longCaller, at: now).body == Self.incorrect)
                }
            }
        } catch {
            await directory.cleanUp()
            throw error
        }
        await directory.cleanUp()
    }
}
