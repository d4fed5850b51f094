// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import DirAuthClient
import Foundation
import SSHAgent
import OTP
import Testing

@testable import dirauth

@Suite("dirauth command line")
struct CLITests {
    @Test("login takes a URL and --user")
    func login() throws {
        let command = try #require(try Dirauth.parseAsRoot(["login", "http://localhost:8080", "--user", "alice"]) as? LoginCommand)
        #expect(command.url == "http://localhost:8080")
        #expect(command.options.user == "alice")
        #expect(command.options.timeout == 30)
    }

    @Test("request: --data makes a POST unless --method says otherwise; headers parse")
    func request() throws {
        let post = try #require(try Dirauth.parseAsRoot(["request", "http://h/x", "--data", "{}"]) as? RequestCommand)
        #expect(post.effectiveMethod == "POST")
        let get = try #require(try Dirauth.parseAsRoot(["request", "http://h/x"]) as? RequestCommand)
        #expect(get.effectiveMethod == "GET")
        let put = try #require(try Dirauth.parseAsRoot(["request", "http://h/x", "-m", "put", "-d", "a=b", "-H", "X-A: 1"]) as? RequestCommand)
        #expect(put.effectiveMethod == "PUT")
        #expect(try put.parsedHeaders().map { "\($0.0)=\($0.1)" } == ["X-A=1"])
        #expect(try put.body() == Array("a=b".utf8))
    }

    @Test("otp verbs take ungleich's flags")
    func otp() throws {
        let verify = try #require(
            try Dirauth.parseAsRoot([
                "otp", "verify", "--server-url", "http://h/ungleichotp/", "--auth-name", "svc", "--auth-realm", "ungleich-auth",
                "--auth-seed", "JBSWY3DPEHPK3PXP", "--name", "x", "--realm", "r", "--token", "123456",
            ]) as? OTPVerifyCommand)
        #expect(verify.server.authName == "svc")
        #expect(verify.name == "x")
        #expect(try verify.target().token(at: .now) == "123456")
        let delete = try #require(
            try Dirauth.parseAsRoot([
                "otp", "delete", "--server-url", "http://h/ungleichotp/", "--auth-name", "a", "--auth-realm", "ungleich-admin",
                "--auth-token", "1", "--id", "abc",
            ]) as? OTPDeleteCommand)
        #expect(delete.id == "abc")
    }

    @Test("usage errors exit 2", arguments: [
        ["login"],
        ["login", "not a url"],
        ["login", "ftp://host"],
        ["token", "http://h", "--timeout", "0"],
        ["request", "http://h/x", "--method", "G E T"],
        ["request", "http://h/x", "--header", "no colon"],
        ["otp", "list", "--server-url", "http://h/ungleichotp/", "--auth-name", "a", "--auth-realm", "b"],
        ["otp", "list", "--server-url", "http://h/ungleichotp/", "--auth-name", "a", "--auth-realm", "b", "--auth-token", "1", "--auth-seed", "JBSWY3DP"],
        ["otp", "delete", "--server-url", "http://h/ungleichotp/", "--auth-name", "a", "--auth-realm", "b", "--auth-token", "1", "--name", "x"],
        ["otp", "verify", "--server-url", "http://h/ungleichotp/", "--auth-name", "a", "--auth-realm", "b", "--auth-token", "1", "--name", "x", "--realm", "r"],
        ["otp", "code", "--seed", "not base32!"],
        ["otp", "uri", "--name", "n", "--realm", "r"],
        ["bogus"],
    ])
    func usage(arguments: [String]) {
        do {
            _ = try Dirauth.parseAsRoot(arguments)
            Issue.record("parsed \(arguments)")
        } catch {
            #expect(ExitStatus.code(for: error) == 2)
        }
    }

    @Test("--help parses as help and a whole run with --help exits 0")
    func help() async throws {
        let command = try Dirauth.parseAsRoot(["login", "--help"])
        #expect(!(command is LoginCommand))
        #expect(await DirauthEntry.run(["request", "--help"]) == 0)
    }

    @Test("errors map to the documented exit codes")
    func exitCodes() {
        #expect(ExitStatus.code(for: DirAuthClientError.refused("")) == 1)
        #expect(ExitStatus.code(for: DirAuthClientError.noUsableKey("")) == 1)
        #expect(ExitStatus.code(for: DirAuthClientError.noAgent("")) == 1)
        #expect(ExitStatus.code(for: DirAuthClientError.serverNameMismatch("")) == 1)
        #expect(ExitStatus.code(for: DirAuthClientError.notFound("")) == 1)
        #expect(ExitStatus.code(for: DirAuthClientError.invalidArgument("")) == 2)
        #expect(ExitStatus.code(for: DirAuthClientError.unreachable("")) == 3)
        #expect(ExitStatus.code(for: DirAuthClientError.serverError("")) == 3)
        #expect(ExitStatus.code(for: SSHAgentError.noAgent("")) == 1)
        #expect(ExitStatus.code(for: CLIFailure(exitCode: 3, "x")) == 3)
    }

    @Test("whole runs: a local command exits 0, an unreachable OTP server exits 3, bad usage exits 2")
    func wholeRuns() async {
        #expect(await DirauthEntry.run(["otp", "code", "--seed", "JBSWY3DPEHPK3PXP"]) == 0)
        // Port 9 (discard) on loopback: nothing listens there.
        #expect(await DirauthEntry.run([
            "otp", "list", "--server-url", "http://127.0.0.1:9/ungleichotp/", "--auth-name", "a", "--auth-realm", "b", "--auth-token", "1",
        ]) == 3)
        #expect(await DirauthEntry.run(["login"]) == 2)
    }
}
