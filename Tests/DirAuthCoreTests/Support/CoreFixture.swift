// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import Crypto
import DirAuthCore
import Directory
import Foundation
import OTP
import SSHKeys
import Synchronization
import TestSupport

/// The application services over in-memory ports, a clock the test moves, and a sink that keeps
/// every security event: the core is tested without HTTP and without LDAP.
final class CoreFixture: Sendable {
    /// Keeps every event it is given.
    final class CapturingSink: SecurityEventSink {
        let events = Mutex<[SecurityEvent]>([])
        var recorded: [SecurityEvent] { events.withLock { $0 } }
        var kinds: [SecurityEvent.Kind] { recorded.map(\.kind) }
        func record(_ event: SecurityEvent) { events.withLock { $0.append(event) } }
    }

    /// A clock the test sets.
    final class TestClock: Sendable {
        private let time = Mutex(Date(timeIntervalSince1970: 1_795_000_000))
        var now: Date { time.withLock { $0 } }
        func advance(_ seconds: TimeInterval) { time.withLock { $0 += seconds } }
    }

    let clock = TestClock()
    var now: Date { clock.now }
    func advance(_ seconds: TimeInterval) { clock.advance(seconds) }

    let alice = TestSigningKey()
    let directory = InMemoryDirectory()
    let store = InMemoryOTPEntryStore()
    let events = CapturingSink()
    let login: LoginService
    let otp: OTPService
    let tokens: TokenVerificationService

    init(settings: OTPSettings = OTPSettings(), keys: (any PublicKeyDirectory)? = nil, memberships: (any MembershipDirectory)? = nil, otpStore: (any OTPEntryStore)? = nil) throws {
        directory.setUser("alice", .init(keys: [try alice.publicKey], groups: ["developers"], realms: ["ungleich-admin"]))
        directory.setCapabilities([.verify], ofRealm: "ungleich-auth")
        directory.setCapabilities([.list, .create, .update, .delete], ofRealm: "ungleich-admin")
        let crtauth = try CRTAuthServer(serverNames: ["localhost"], secrets: [Array(repeating: 7, count: 32)], tokenLifetime: 60)
        let clock: @Sendable () -> Date = { [clock] in clock.now }
        login = LoginService(crtauth: crtauth, keys: keys ?? directory, now: clock, events: events)
        otp = OTPService(store: otpStore ?? store, memberships: memberships ?? directory, settings: settings, now: clock, events: events)
        tokens = TokenVerificationService(login: login, otp: otp, memberships: memberships ?? directory, events: events)
    }

    /// An OTP entry in `realm` and a credential holding its current code.
    func service(_ name: String, realm: String) async throws -> (entry: OTPEntry, secret: OTPSecret) {
        let secret = OTPSecret.random()
        return (try await store.create(name: name, realm: realm, secret: secret), secret)
    }

    /// The credential of `name@realm` with the code of `secret` now.
    func credential(_ name: String, _ realm: String, _ secret: OTPSecret) -> OTPCredential {
        OTPCredential(name: name, realm: realm, token: TOTP(secret: secret).code(at: now))
    }

    /// A code of `secret` that is wrong now (outside every window).
    func wrongCode(_ secret: OTPSecret) -> String {
        let right = TOTP(secret: secret).code(at: now)
        return right == "000000" ? "111111" : "000000"
    }

    /// alice's signed response to a fresh challenge.
    func signedResponse() async throws -> String {
        let request = try CRTRequest.parse(headerValue: CRTAuthClientLogic.makeRequest(
            username: "alice", keyFingerprint: Array(SHA256.hash(data: try alice.publicKey.blob))
        ))
        let issued = try await login.challenge(for: request, host: "localhost")
        let challenge = try CRTAuthClientLogic.openChallenge(issued.challenge, expectedServerName: "localhost")
        return CRTAuthClientLogic.makeResponse(to: challenge, signature: try alice.sign(challenge.dataToSign))
    }
}
