// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import Crypto
import DirAuthCore
import Directory
import OTP
import SSHKeys
import TestSupport
import Testing

/// One principal, one form: every spelling the directory matches alike (``CanonicalName``) is
/// the same OTP principal to single use, capabilities, lockout and events; a user is their
/// exact stored username, and no other spelling logs in, redeems a challenge or passes a token check.
@Suite("Principal spellings (no HTTP)")
struct PrincipalSpellingTests {
    /// Spellings of `demo-service@services` that the directory matches alike.
    static let demoSpellings: [(name: String, realm: String)] = [
        ("demo-service", "SERVICES"), ("DEMO-SERVICE", "services"), ("Demo-Service", "Services"), ("ｄｅｍｏ-service", "services"),
        ("demo-service", " services "),
    ]

    func verifyTarget(_ core: CoreFixture, caller: OTPCredential, name: String, realm: String, token: String) async throws {
        try await core.otp.verify(
            caller: caller,
            target: OTPTargetFields(name: FieldInput("name", .text(name)), realm: FieldInput("realm", .text(realm)), token: FieldInput("token", .text(token))),
            address: nil
        )
    }

    @Test("a single-use token redeemed as demo-service@services is refused in every other spelling", arguments: demoSpellings)
    func singleUseReplay(name: String, realm: String) async throws {
        var settings = OTPSettings()
        settings.singleUseRealms = ["services"]
        let core = try CoreFixture(settings: settings)
        let (_, verifier) = try await core.service("verifier", realm: "ungleich-auth")
        let (_, target) = try await core.service("demo-service", realm: "services")
        let caller = core.credential("verifier", "ungleich-auth", verifier)
        let code = TOTP(secret: target).code(at: core.now)
        try await verifyTarget(core, caller: caller, name: "demo-service", realm: "services", token: code)
        await #expect(throws: DirAuthCoreError.permissionDenied("")) {
            try await verifyTarget(core, caller: caller, name: name, realm: realm, token: code)
        }
        #expect(core.events.recorded.last.map { $0.kind == .otpRefused && $0.subject == "demo-service@services" } == true)
    }

    @Test("without single use, the same second use in another spelling is accepted (the refusal above is single use's)")
    func withoutSingleUse() async throws {
        let core = try CoreFixture()
        let (_, verifier) = try await core.service("verifier", realm: "ungleich-auth")
        let (_, target) = try await core.service("demo-service", realm: "services")
        let caller = core.credential("verifier", "ungleich-auth", verifier)
        let code = TOTP(secret: target).code(at: core.now)
        try await verifyTarget(core, caller: caller, name: "demo-service", realm: "services", token: code)
        for (name, realm) in Self.demoSpellings {
            try await verifyTarget(core, caller: caller, name: name, realm: realm, token: code)
        }
    }

    @Test("a single-use realm configured in another spelling covers the entry's realm", arguments: ["SERVICES", "Services", "ｓｅｒｖｉｃｅｓ"])
    func singleUseConfiguredSpelling(configured: String) async throws {
        var settings = OTPSettings()
        settings.singleUseRealms = [configured]
        let core = try CoreFixture(settings: settings)
        let (_, verifier) = try await core.service("verifier", realm: "ungleich-auth")
        let (_, target) = try await core.service("demo-service", realm: "services")
        let caller = core.credential("verifier", "ungleich-auth", verifier)
        let code = TOTP(secret: target).code(at: core.now)
        try await verifyTarget(core, caller: caller, name: "demo-service", realm: "services", token: code)
        await #expect(throws: DirAuthCoreError.permissionDenied("")) {
            try await verifyTarget(core, caller: caller, name: "demo-service", realm: "services", token: code)
        }
    }

    @Test("capabilities hold for every spelling of the caller's realm", arguments: ["ungleich-ADMIN", "UNGLEICH-ADMIN", "ｕｎｇｌｅｉｃｈ-admin"])
    func capabilitiesInAnySpelling(realm: String) async throws {
        let core = try CoreFixture()
        let (entry, secret) = try await core.service("admin", realm: "ungleich-admin")
        let caller = core.credential("ADMIN", realm, secret)
        #expect(try await core.otp.authorize(caller, for: .create, address: nil).id == entry.id)
        #expect(try await core.otp.list(caller: caller, address: nil).count == 1)
        #expect(core.events.recorded.last?.subject == "admin@ungleich-admin")
    }

    @Test("a known entry's failures count together in every spelling: NAME@realm and name@REALM lock name@realm")
    func lockoutOfKnownEntry() async throws {
        var settings = OTPSettings()
        settings.lockout.threshold = 3
        let core = try CoreFixture(settings: settings)
        let (_, secret) = try await core.service("admin", realm: "ungleich-admin")
        for (name, realm) in [("ADMIN", "ungleich-admin"), ("admin", "UNGLEICH-ADMIN"), ("Admin", "Ungleich-Admin")] {
            await #expect(throws: DirAuthCoreError.invalidCredentials("")) {
                try await core.otp.authorize(OTPCredential(name: name, realm: realm, token: core.wrongCode(secret)), for: .list, address: nil)
            }
        }
        for (name, realm) in [("admin", "ungleich-admin"), ("ＡＤＭＩＮ", "ungleich-admin")] {
            await #expect(throws: DirAuthCoreError.lockedOut(retryAfter: 0)) {
                try await core.otp.authorize(core.credential(name, realm, secret), for: .list, address: nil)
            }
        }
    }

    @Test("an unknown name's failures count together in every spelling, as a known entry's do")
    func lockoutOfUnknownName() async throws {
        var settings = OTPSettings()
        settings.lockout.threshold = 3
        let core = try CoreFixture(settings: settings)
        for (name, realm) in [("GHOST", "nowhere"), ("ghost", "NOWHERE"), ("Ghost", " Nowhere ")] {
            await #expect(throws: DirAuthCoreError.invalidCredentials("")) {
                try await core.otp.authorize(OTPCredential(name: name, realm: realm, token: "123456"), for: .list, address: nil)
            }
        }
        for (name, realm) in [("ghost", "nowhere"), ("ｇｈｏｓｔ", "NOWHERE")] {
            await #expect(throws: DirAuthCoreError.lockedOut(retryAfter: 0)) {
                try await core.otp.authorize(OTPCredential(name: name, realm: realm, token: "123456"), for: .list, address: nil)
            }
        }
        await #expect(throws: DirAuthCoreError.invalidCredentials("")) {
            try await core.otp.authorize(OTPCredential(name: "ghost2", realm: "nowhere", token: "123456"), for: .list, address: nil)
        }
    }

    @Test("events name an OTP principal canonically, whatever the request spelled")
    func canonicalSubjects() async throws {
        let core = try CoreFixture()
        let (_, secret) = try await core.service("Admin", realm: "Ungleich-Admin")
        _ = try await core.otp.authorize(core.credential("ADMIN", "ungleich-admin", secret), for: .list, address: nil)
        await #expect(throws: DirAuthCoreError.invalidCredentials("")) {
            try await core.otp.authorize(OTPCredential(name: "NoBody", realm: "Ungleich-ADMIN", token: "1"), for: .list, address: nil)
        }
        let subjects = core.events.recorded.map(\.subject)
        #expect(subjects == ["admin@ungleich-admin", "nobody@ungleich-admin"])
    }

    // MARK: crtauth

    /// A response to a challenge requested as `username`, signed with alice's key.
    func response(as username: String, _ core: CoreFixture) async throws -> (issued: CRTIssuedChallenge, response: String) {
        let request = try CRTRequest.parse(headerValue: CRTAuthClientLogic.makeRequest(
            username: username, keyFingerprint: Array(SHA256.hash(data: try core.alice.publicKey.blob))
        ))
        let issued = try await core.login.challenge(for: request, host: "localhost")
        let challenge = try CRTAuthClientLogic.openChallenge(issued.challenge, expectedServerName: "localhost")
        return (issued, CRTAuthClientLogic.makeResponse(to: challenge, signature: try core.alice.sign(challenge.dataToSign)))
    }

    @Test("a user is their exact username: ALICE gets a fake challenge and no token, even signed with alice's key", arguments: ["ALICE", "Alice", "ａｌｉｃｅ", " alice"])
    func loginInAnotherSpelling(username: String) async throws {
        let core = try CoreFixture()
        let (issued, response) = try await response(as: username, core)
        #expect(issued.selectedKey == nil, "no key of alice's is offered to \(username)")
        await #expect(throws: CRTAuthError.authenticationFailed("")) { try await core.login.token(for: response) }
        #expect(core.events.recorded.last.map { $0.kind == .loginRefused && $0.subject == username } == true)
    }

    @Test("alice's redeemed challenge is not redeemed again, and her token names her as stored")
    func loginReplay() async throws {
        let core = try CoreFixture()
        let (_, response) = try await response(as: "alice", core)
        #expect(try await core.login.token(for: response).username == "alice")
        await #expect(throws: CRTAuthError.challengeReplayed("")) { try await core.login.token(for: response) }
    }

    @Test("a genuinely signed token for ALICE is not alice's: whoami and /v1/verify reject it")
    func tokenInAnotherSpelling() async throws {
        let core = try CoreFixture()
        let (_, secret) = try await core.service("billing", realm: "ungleich-auth")
        let forged = core.login.crtauth.issueToken(username: "ALICE", now: core.now)
        await #expect(throws: DirAuthCoreError.tokenRejected("")) { try await core.login.validate(token: forged.token) }
        await #expect(throws: DirAuthCoreError.tokenRejected("")) {
            try await core.tokens.verify(token: FieldInput("token", .text(forged.token)), caller: core.credential("BILLING", "Ungleich-Auth", secret), address: nil)
        }
        let token = try await core.login.token(for: try await core.signedResponse())
        let user = try await core.tokens.verify(token: FieldInput("token", .text(token.token)), caller: core.credential("BILLING", "Ungleich-Auth", secret), address: nil)
        #expect(user.username == "alice")
        #expect(core.events.recorded.last.map { $0.kind == .tokenVerified && $0.actor == "billing@ungleich-auth" } == true)
    }
}
