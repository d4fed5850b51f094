// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import DirAuthClient
import Foundation

/// `dirauth token URL`: prints only the token (cached, or after a login).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Print a token for the URL's server on stdout (cached, or after logging in).",
        discussion: """
            Prints nothing but the token, for use in scripts.

            Example:
              curl -H "Authorization: chap:$(dirauth token https://auth.example.com)" https://auth.example.com/v1/whoami
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
        let session = try await options.withClient { try await $0.session(url: url, user: user, agent: try ClientOptions.agent()) }
        print(session.token)
    }
}
