// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import DirAuthCore
import Directory
import OTP
import Testing

@Suite("Token verification service (no HTTP)")
struct TokenVerificationServiceTests {
    @Test("a service with the verify capability learns the token's user, groups and realms")
    func verified() async throws {
        let core = try CoreFixture()
        let (_, secret) = try await core.service("billing", realm: "ungleich-auth")
        let token = try await core.login.token(for: try await core.signedResponse())
        let user = try await core.tokens.verify(token: FieldInput("token", .text(token.token)), caller: core.credential("billing", "ungleich-auth", secret), address: nil)
        #expect(user == VerifiedToken(username: "alice", expiresAt: token.validTo, memberships: Memberships(groups: ["developers"], realms: ["ungleich-admin"])))
        #expect(core.events.recorded.last.map { $0.kind == .tokenVerified && $0.actor == "billing@ungleich-auth" } == true)
    }

    @Test("the token field is required and may not be blank; a forged token is rejected")
    func refusals() async throws {
        let core = try CoreFixture()
        let (_, secret) = try await core.service("billing", realm: "ungleich-auth")
        let caller = { core.credential("billing", "ungleich-auth", secret) }
        let missing = await #expect(throws: DirAuthCoreError.invalidFields([])) {
            try await core.tokens.verify(token: FieldInput("token", .absent), caller: caller(), address: nil)
        }
        #expect(missing?.fieldErrors == [FieldError("token", .missing)])
        let blank = await #expect(throws: DirAuthCoreError.invalidFields([])) {
            try await core.tokens.verify(token: FieldInput("token", .text("")), caller: caller(), address: nil)
        }
        #expect(blank?.fieldErrors == [FieldError("token", .blank)])
        await #expect(throws: DirAuthCoreError.tokenRejected("")) {
            try await core.tokens.verify(token: FieldInput("token", .text("forged")), caller: caller(), address: nil)
        }
    }

    @Test("the caller is checked before the token: no capability, no answer about the token")
    func callerFirst() async throws {
        let core = try CoreFixture()
        let (_, secret) = try await core.service("admin", realm: "ungleich-admin")
        await #expect(throws: DirAuthCoreError.permissionDenied("")) {
            try await core.tokens.verify(token: FieldInput("token", .absent), caller: core.credential("admin", "ungleich-admin", secret), address: nil)
        }
    }
}
