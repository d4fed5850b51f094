// SPDX-License-Identifier: Apache-2.0

import DirAuthCore
import Foundation
import Directory
import OTP
import TestSupport
import Testing

@Suite("OTP service (no HTTP)")
struct OTPServiceTests {
    @Test("a caller with a current code and the capability is authorized; the acceptance is a routine event")
    func authorized() async throws {
        let core = try CoreFixture()
        let (entry, secret) = try await core.service("admin", realm: "ungleich-admin")
        let caller = try await core.otp.authorize(core.credential("admin", "ungleich-admin", secret), for: .list, address: "192.0.2.1")
        #expect(caller.id == entry.id)
        let event = try #require(core.events.recorded.last)
        #expect(event.kind == .otpAccepted && event.isRoutine && event.subject == "admin@ungleich-admin" && event.sourceAddress == "192.0.2.1")
    }

    @Test("missing, blank and overlong caller fields are refused like wrong ones", arguments: [
        nil, OTPCredential(name: "", realm: "r", token: "1"), OTPCredential(name: "n", realm: String(repeating: "r", count: 129), token: "1"),
        OTPCredential(name: "n", realm: "r", token: ""),
    ])
    func unusableCaller(_ caller: OTPCredential?) async throws {
        let core = try CoreFixture()
        await #expect(throws: DirAuthCoreError.invalidCredentials("")) { try await core.otp.authorize(caller, for: .list, address: nil) }
    }

    @Test("wrong codes count: after the threshold the caller is locked out with a retry time, even with the right code")
    func lockout() async throws {
        var settings = OTPSettings()
        settings.lockout.threshold = 3
        let core = try CoreFixture(settings: settings)
        let (_, secret) = try await core.service("admin", realm: "ungleich-admin")
        let wrong = OTPCredential(name: "admin", realm: "ungleich-admin", token: core.wrongCode(secret))
        for _ in 0..<3 {
            await #expect(throws: DirAuthCoreError.invalidCredentials("")) { try await core.otp.authorize(wrong, for: .list, address: nil) }
        }
        let error = await #expect(throws: DirAuthCoreError.lockedOut(retryAfter: 0)) {
            try await core.otp.authorize(core.credential("admin", "ungleich-admin", secret), for: .list, address: nil)
        }
        #expect((error?.retryAfter ?? 0) > 0)
        #expect(core.events.recorded.filter { $0.kind == .otpRefused }.allSatisfy { !"\($0)".contains(wrong.token(at: core.now)) })
    }

    @Test("an authenticated caller without the capability is denied, and that is an event")
    func missingCapability() async throws {
        let core = try CoreFixture()
        let (_, secret) = try await core.service("verifier", realm: "ungleich-auth")
        await #expect(throws: DirAuthCoreError.permissionDenied("")) {
            try await core.otp.authorize(core.credential("verifier", "ungleich-auth", secret), for: .create, address: nil)
        }
        let event = try #require(core.events.recorded.last)
        #expect(event.kind == .permissionDenied && event.details["capability"] == "create")
    }

    @Test("verify: a good target is accepted, a wrong code is denied, a single-use realm refuses the second use")
    func verifyTargets() async throws {
        var settings = OTPSettings()
        settings.singleUseRealms = ["ungleich-intern"]
        let core = try CoreFixture(settings: settings)
        let (_, verifier) = try await core.service("verifier", realm: "ungleich-auth")
        let (_, target) = try await core.service("billing", realm: "ungleich-intern")
        func fields(_ token: String) -> OTPTargetFields {
            OTPTargetFields(name: FieldInput("name", .text("billing")), realm: FieldInput("realm", .text("ungleich-intern")), token: FieldInput("token", .text(token)))
        }
        let caller = core.credential("verifier", "ungleich-auth", verifier)
        try await core.otp.verify(caller: caller, target: fields(TOTP(secret: target).code(at: core.now)), address: nil)
        await #expect(throws: DirAuthCoreError.permissionDenied("")) {
            try await core.otp.verify(caller: caller, target: fields(TOTP(secret: target).code(at: core.now)), address: nil)
        }
        await #expect(throws: DirAuthCoreError.permissionDenied("")) {
            try await core.otp.verify(caller: caller, target: fields(core.wrongCode(target)), address: nil)
        }
    }

    @Test("verify: field problems come after the caller's checks, in ungleich-otp 0.6's order")
    func verifyFieldOrder() async throws {
        let core = try CoreFixture()
        let target = OTPTargetFields(
            name: FieldInput("verifyname", .text("")), realm: FieldInput("verifyrealm", .absent),
            token: FieldInput("verifytoken", .notAString), tokenBeforeRealm: true
        )
        await #expect(throws: DirAuthCoreError.invalidCredentials("")) {
            try await core.otp.verify(caller: OTPCredential(name: "nobody", realm: "x", token: "1"), target: target, address: nil)
        }
        let (_, verifier) = try await core.service("verifier", realm: "ungleich-auth")
        let error = await #expect(throws: DirAuthCoreError.invalidFields([])) {
            try await core.otp.verify(caller: core.credential("verifier", "ungleich-auth", verifier), target: target, address: nil)
        }
        #expect(error?.fieldErrors == [
            FieldError("verifyname", .blank), FieldError("verifytoken", .notAString), FieldError("verifyrealm", .missing),
        ])
    }

    @Test("entries: create shows the seed once, list hides it, rename keeps the id, rotate shows a new seed, delete by name")
    func entries() async throws {
        let core = try CoreFixture()
        let (_, secret) = try await core.service("admin", realm: "ungleich-admin")
        let caller = { core.credential("admin", "ungleich-admin", secret) }
        let created = try await core.otp.create(name: FieldInput("name", .text("billing")), realm: FieldInput("realm", .text("ungleich-intern")), caller: caller(), address: nil)
        #expect(created.seed != nil)
        #expect(try await core.otp.list(caller: caller(), address: nil).allSatisfy { $0.seed == nil })
        let renamed = try await core.otp.update(
            id: created.id, name: FieldInput("name", .absent), realm: FieldInput("realm", .text("ungleich-extern")), partial: true, caller: caller(), address: nil
        )
        #expect(renamed.id == created.id && renamed.name == "billing" && renamed.realm == "ungleich-extern")
        let rotated = try await core.otp.rotate(id: created.id, caller: caller(), address: nil)
        #expect(rotated.seed != nil && rotated.seed != created.seed)
        try await core.otp.delete(name: FieldInput("name", .text("billing")), realm: FieldInput("realm", .text("ungleich-extern")), caller: caller(), address: nil)
        await #expect(throws: DirAuthCoreError.notFound("")) { try await core.otp.retrieve(id: created.id, caller: caller(), address: nil) }
        let writes = core.events.recorded.filter { !$0.isRoutine }.map(\.kind)
        #expect(writes == [.otpEntryCreated, .otpEntryUpdated, .otpSeedRotated, .otpEntryDeleted])
        #expect(core.events.recorded.allSatisfy { $0.isRoutine || $0.actor == "admin@ungleich-admin" })
        #expect(core.events.recorded.allSatisfy { !"\($0)".contains(created.seed!.base32) && !"\($0)".contains(rotated.seed!.base32) })
    }

    @Test("entries: unusable names are field errors; a taken name is a duplicate; a full PUT needs both fields")
    func entryRefusals() async throws {
        let core = try CoreFixture()
        let (entry, secret) = try await core.service("admin", realm: "ungleich-admin")
        let caller = { core.credential("admin", "ungleich-admin", secret) }
        let error = await #expect(throws: DirAuthCoreError.invalidFields([])) {
            try await core.otp.create(name: FieldInput("name", .text("a\u{7}b")), realm: FieldInput("realm", .text(String(repeating: "r", count: 129))), caller: caller(), address: nil)
        }
        #expect(error?.fieldErrors == [FieldError("name", .controlCharacters), FieldError("realm", .tooLong(maximum: 128))])
        await #expect(throws: DirAuthCoreError.duplicateEntry("")) {
            try await core.otp.create(name: FieldInput("name", .text("admin")), realm: FieldInput("realm", .text("ungleich-admin")), caller: caller(), address: nil)
        }
        let missing = await #expect(throws: DirAuthCoreError.invalidFields([])) {
            try await core.otp.update(id: entry.id, name: FieldInput("name", .absent), realm: FieldInput("realm", .text("x")), partial: false, caller: caller(), address: nil)
        }
        #expect(missing?.fieldErrors == [FieldError("name", .missing)])
    }

    @Test("a directory that does not answer is the directory's error on every operation")
    func directoryUnavailable() async throws {
        let core = try CoreFixture(otpStore: UnavailableDirectory())
        let caller = OTPCredential(name: "admin", realm: "ungleich-admin", token: "123456")
        await #expect(throws: UnavailableDirectory.error) { try await core.otp.list(caller: caller, address: nil) }
        await #expect(throws: UnavailableDirectory.error) {
            try await core.otp.verify(
                caller: caller,
                target: OTPTargetFields(name: FieldInput("name", .text("a")), realm: FieldInput("realm", .text("b")), token: FieldInput("token", .text("1"))),
                address: nil
            )
        }
    }
}

@Suite("OTP service randomness")
struct OTPServiceRandomnessTests {
    @Test("new seeds come from the injected source: the same source gives the same seed, the system source does not repeat")
    func injected() async throws {
        func created(_ random: RandomSource) async throws -> OTPSecret? {
            let store = InMemoryOTPEntryStore()
            let directory = InMemoryDirectory()
            directory.setCapabilities([.create], ofRealm: "ungleich-admin")
            let admin = OTPSecret.random()
            _ = try await store.create(name: "admin", realm: "ungleich-admin", secret: admin)
            let otp = OTPService(store: store, memberships: directory, settings: OTPSettings(), random: random, events: CoreFixture.CapturingSink())
            let caller = OTPCredential(name: "admin", realm: "ungleich-admin", token: TOTP(secret: admin).code(at: Date()))
            return try await otp.create(name: FieldInput("name", .text("n")), realm: FieldInput("realm", .text("r")), caller: caller, address: nil).seed
        }
        let seeded = RandomSource { SplitMix64(seed: 42) }
        #expect(try await created(seeded) == created(seeded))
        #expect(try await created(.system) != created(.system))
    }
}
