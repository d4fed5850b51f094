// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import DirAuthClient
import Foundation

/// `dirauth login URL [--user U]`: a fresh login; one line on stderr, nothing on stdout.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Log in at the URL's server with a key from ssh-agent and cache the token.",
        discussion: """
            Authenticates at the URL's origin /_auth (crtauth), always afresh, and caches the token. Prints one confirmation line on stderr and nothing on stdout.

            Examples:
              dirauth login https://auth.example.com
              dirauth login http://localhost:8080 --user alice
            """
    )

    @Argument(help: "Any URL of the server (only its origin is used).")
    var url: String

    @OptionGroup var options: ClientOptions

    func validate() throws {
        _ = try parseServerURL(url)
    }

    func run() async throws {
        let url = try parseServerURL(url)
        let user = try options.resolvedUser()
        let agent = try ClientOptions.agent()
        let session = try await options.withClient { try await $0.authenticate(url: url, user: user, agent: agent) }
        let expiry = session.expiresAt.formatted(.iso8601)
        Output.error("Logged in to \(session.origin) as \(session.username) (token valid until \(expiry)).")
    }
}
