// SPDX-License-Identifier: Apache-2.0
// Options shared by the commands that log in.

import ArgumentParser
import AsyncHTTPClient
import DirAuthClient
import Foundation
import SSHAgent

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `--user` and `--timeout`, and the client built from them.
struct ClientOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("The user to log in as.", discussion: "Default: your login name.", valueName: "user"))
    var user: String?

    @Option(help: ArgumentHelp("Seconds one HTTP request may take.", valueName: "seconds"))
    var timeout: Int = 30

    func validate() throws {
        guard (1...3600).contains(timeout) else {
            throw ValidationError("--timeout must be between 1 and 3600 seconds")
        }
        if let user, user.isEmpty {
            throw ValidationError("--user must not be empty")
        }
    }

    /// `--user`, or the login name of the process's user.
    func resolvedUser(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let user { return user }
        if let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name {
            let login = String(cString: name)
            if !login.isEmpty { return login }
        }
        for key in ["USER", "LOGNAME"] {
            if let name = environment[key], !name.isEmpty { return name }
        }
        throw CLIFailure(exitCode: ExitStatus.usage, "cannot tell your login name; pass --user")
    }

    /// Runs `body` with a client using the standard token cache and a command-line HTTP client.
    func withClient<T: Sendable>(_ body: (DirAuthLoginClient) async throws -> T) async throws -> T {
        let cache = try TokenCache.standard()
        return try await HTTPClient.withCommandLineClient(timeout: .seconds(timeout)) { http in
            try await body(DirAuthLoginClient(httpClient: http, cache: cache, timeout: .seconds(timeout)))
        }
    }

    /// The agent of `SSH_AUTH_SOCK`.
    static func agent() throws -> SSHAgentClient {
        try SSHAgentClient.fromEnvironment()
    }
}

/// Parses a URL argument: absolute http(s) with a host.
func parseServerURL(_ text: String, option: String = "URL") throws -> URL {
    guard let url = URL(string: text), (try? ServerOrigin(url: url)) != nil else {
        throw ValidationError("\(option) must be an absolute http:// or https:// URL with a host, e.g. https://auth.example.com (got \"\(text)\")")
    }
    return url
}
