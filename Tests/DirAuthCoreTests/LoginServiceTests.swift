// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import DirAuthCore
import Directory
import TestSupport
import Testing

@Suite("Login service (no HTTP)")
struct LoginServiceTests {
    @Test("a signed challenge is redeemed for a token once; the replay is refused and both are events")
    func tokenOnce() async throws {
        let core = try CoreFixture()
        let response = try await core.signedResponse()
        let token = try await core.login.token(for: response)
        #expect(token.username == "alice")
        await #expect(throws: CRTAuthError.self) { try await core.login.token(for: response) }
        #expect(core.events.kinds.filter { $0 != .challengeIssued } == [.loginSucceeded, .loginRefused])
        #expect(core.events.recorded.allSatisfy { !"\($0)".contains(token.token) && !"\($0)".contains(response) })
    }

    @Test("a valid token names its user; once the user has no key left it is rejected")
    func revokedByKeyRemoval() async throws {
        let core = try CoreFixture()
        let token = try await core.login.token(for: try await core.signedResponse())
        #expect(try await core.login.validate(token: token.token).username == "alice")
        core.directory.setUser("alice", .init(keys: []))
        await #expect(throws: DirAuthCoreError.tokenRejected("")) { try await core.login.validate(token: token.token) }
        #expect(core.events.kinds.last == .tokenRejected)
    }

    @Test("a forged or expired token is rejected, not a protocol error")
    func forgedAndExpired() async throws {
        let core = try CoreFixture()
        let token = try await core.login.token(for: try await core.signedResponse())
        await #expect(throws: DirAuthCoreError.tokenRejected("")) { try await core.login.validate(token: token.token + "x") }
        core.advance(3_600)
        await #expect(throws: DirAuthCoreError.tokenRejected("")) { try await core.login.validate(token: token.token) }
    }

    @Test("a directory that does not answer is the directory's error, never a refusal")
    func directoryUnavailable() async throws {
        let core = try CoreFixture(keys: UnavailableDirectory())
        let request = try CRTRequest.parse(headerValue: CRTAuthClientLogic.makeRequest(username: "alice"))
        await #expect(throws: UnavailableDirectory.error) { try await core.login.challenge(for: request, host: nil) }
        #expect(core.events.recorded.isEmpty)
    }
}
