// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import DirAuthCore
import DirAuthServer
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LDAPClient
import Logging
import OTP
import Testing

/// Every endpoint called by an admin, a verifier, an ordinary service and a stranger, through
/// the real router against the real slapd (`make test`).
@Suite("OTP API: realm × capability matrix (slapd)")
struct OTPCapabilityMatrixTests {
    enum Role: String, CaseIterable { case admin, verifier, service, stranger }
    enum Endpoint: String, CaseIterable {
        case verify, list, create, retrieve, update, rotate, deleteByID, deleteByName
    }

    static let incorrect = "{\"detail\":\"Incorrect authentication credentials.\"}"
    static let denied = "{\"detail\":\"You do not have permission to perform this action.\"}"

    /// The documented status of each cell (docs/OTP.md).
    static func expected(_ role: Role, _ endpoint: Endpoint) -> Int {
        switch (role, endpoint) {
        case (.stranger, _): 403
        case (.admin, .verify): 403
        case (.admin, .create): 201
        case (.admin, .deleteByID), (.admin, .deleteByName): 204
        case (.admin, _): 200
        case (.verifier, .verify): 200
        case (.verifier, _), (.service, _): 403
        }
    }

    @Test("each role gets exactly the documented status and body", arguments: OTPEncoding.allCases)
    func matrix(encoding: OTPEncoding) async throws {
        let directory = try OTPTestDirectory()
        do {
            let callers: [Role: OTPPrincipal] = [
                .admin: try await directory.principal(realm: "ungleich-admin"),
                .verifier: try await directory.principal(realm: "ungleich-auth"),
                .service: try await directory.principal(realm: "services"),
            ]
            let target = try await directory.principal()
            try await directory.app().test(.router) { client in
                try Task.checkCancellation()
                for role in Role.allCases {
                    for endpoint in Endpoint.allCases {
                        // A fresh stranger per call: one unknown name would be locked out after 5 calls.
                        let caller = role == .stranger ? directory.stranger() : try #require(callers[role])
                        let victim = try await directory.principal()
                        let now = directory.clock.now
                        let response: OTPResponse
                        switch endpoint {
                        case .verify:
                            response = try await client.otp(.post, "/ungleichotp/verify/", caller: caller, at: now, fields: [
                                "name": target.name, "realm": target.realm, "token": target.token(at: now),
                            ], encoding: encoding)
                        case .list:
                            response = try await client.otp(.get, "/ungleichotp/", caller: caller, at: now, encoding: encoding)
                        case .create:
                            response = try await client.otp(.post, "/ungleichotp/", caller: caller, at: now, fields: [
                                "name": "new-" + String(UUID().uuidString.prefix(8)), "realm": directory.scratchRealm,
                            ], encoding: encoding)
                            if response.status == 201, let id = response.object["id"] as? String, let entry = try await directory.store.entry(id: id) {
                                directory.track(entry)
                            }
                        case .retrieve:
                            response = try await client.otp(.get, "/ungleichotp/\(victim.id ?? "")/", caller: caller, at: now, encoding: encoding)
                        case .update:
                            response = try await client.otp(.put, "/ungleichotp/\(victim.id ?? "")/", caller: caller, at: now, fields: [
                                "name": victim.name, "realm": victim.realm,
                            ], encoding: encoding)
                        case .rotate:
                            response = try await client.otp(.post, "/ungleichotp/\(victim.id ?? "")/rotate/", caller: caller, at: now, encoding: encoding)
                        case .deleteByID:
                            response = try await client.otp(.delete, "/ungleichotp/\(victim.id ?? "")/", caller: caller, at: now, encoding: encoding)
                        case .deleteByName:
                            response = try await client.otp(.delete, "/ungleichotp/", caller: caller, at: now, fields: [
                                "name": victim.name, "realm": victim.realm,
                            ], encoding: encoding)
                        }
                        let expected = Self.expected(role, endpoint)
                        #expect(response.status == expected, "\(role) \(endpoint) via \(encoding): \(response.body)")
                        if expected == 403 {
                            #expect(response.body == (role == .stranger ? Self.incorrect : Self.denied), "\(role) \(endpoint)")
                        }
                        // What the successful calls did, as the directory sees it.
                        switch (expected, endpoint) {
                        case (201, _):
                            #expect(response.object["seed"] is String)
                            #expect(response.object["id"] is String)
                        case (200, .list):
                            let items = (try? JSONSerialization.jsonObject(with: Data(response.body.utf8))) as? [[String: Any]] ?? []
                            #expect(items.contains { $0["id"] as? String == victim.id && $0["name"] as? String == victim.name })
                            #expect(!items.contains { $0["seed"] != nil }, "seeds are not listed by default")
                        case (200, .retrieve):
                            #expect(response.object["name"] as? String == victim.name)
                            #expect(response.object["seed"] == nil)
                        case (200, .rotate):
                            let seed = try #require(response.object["seed"] as? String)
                            let stored = try #require(try await directory.store.entry(name: victim.name, realm: victim.realm))
                            #expect(stored.secret.base32 == seed)
                            #expect(stored.secret != victim.secret)
                        case (204, _):
                            #expect(try await directory.store.entry(name: victim.name, realm: victim.realm) == nil)
                        case (403, _) where endpoint != .verify:
                            #expect(try await directory.store.entry(name: victim.name, realm: victim.realm)?.secret == victim.secret)
                        default:
                            break
                        }
                    }
                }
            }
        } catch {
            await directory.cleanUp()
            throw error
        }
        await directory.cleanUp()
    }

    @Test("removing a realm membership or a capability with an LDAP modify changes the answer without a restart")
    func liveChanges() async throws {
        let directory = try OTPTestDirectory()
        do {
            let lister = try await directory.principal()
            let service = try await directory.principal(realm: "services")
            let realmDN = directory.realmDN(directory.scratchRealm)
            try await directory.app().test(.router) { client in
                try Task.checkCancellation()
                let now = directory.clock.now
                #expect(try await client.otp(.get, "/ungleichotp/", caller: lister, at: now).status == 403)
                // Grant the scratch realm the list capability, as an administrator would.
                try await directory.admin.modify(dn: directory.capabilityDN(.list), changes: [.add("member", strings: [realmDN])])
                #expect(try await client.otp(.get, "/ungleichotp/", caller: lister, at: now).status == 200)
                try await directory.admin.modify(dn: directory.capabilityDN(.list), changes: [.delete("member", value: Array(realmDN.utf8))])
                let denied = try await client.otp(.get, "/ungleichotp/", caller: lister, at: now)
                #expect(denied.status == 403)
                #expect(denied.body == Self.denied)

                // Removing the entry from its realm group disables it: as a caller ...
                let verifier = try await directory.principal(realm: "ungleich-auth")
                #expect(try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: [
                    "name": service.name, "realm": service.realm, "token": service.token(at: now),
                ]).status == 200)
                let serviceDN = try #require(try await directory.store.entry(name: service.name, realm: service.realm)).reference
                try await directory.admin.modify(dn: directory.realmDN("services"), changes: [.delete("member", value: Array(serviceDN.utf8))])
                // ... and as a target; the entry itself is still there.
                let refused = try await client.otp(.post, "/ungleichotp/verify/", caller: verifier, at: now, fields: [
                    "name": service.name, "realm": service.realm, "token": service.token(at: now),
                ])
                #expect(refused.status == 403)
                #expect(refused.body == Self.denied)
                #expect(try await directory.store.entry(name: service.name, realm: service.realm) != nil)
            }
        } catch {
            await directory.cleanUp()
            throw error
        }
        await directory.cleanUp()
    }
}
