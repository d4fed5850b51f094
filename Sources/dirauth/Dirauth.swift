// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `dirauth`: log in to dirauthd with ssh-agent, call protected URLs, manage OTP entries.
struct Dirauth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dirauth",
        abstract: "Log in to dirauth (crtauth) servers with your ssh-agent, and manage OTP service tokens.",
        discussion: """
            Tokens are cached per server and user under $XDG_CACHE_HOME/dirauth/ (default ~/.cache/dirauth/), mode 0600, and reused until they expire.

            Examples:
              dirauth login https://auth.example.com
              curl -H "Authorization: chap:$(dirauth token https://auth.example.com)" https://auth.example.com/v1/whoami
              dirauth request https://auth.example.com/v1/whoami
              dirauth request https://svc.example.com/api/items --method POST --data @item.json
              dirauth keys
              dirauth otp code --seed JBSWY3DPEHPK3PXP

            Exit codes: 0 success, 1 authentication refused (or another failure the server reports), 2 usage error, 3 server unreachable or server error (5xx).
            """,
        subcommands: [LoginCommand.self, TokenCommand.self, RequestCommand.self, KeysCommand.self, OTPCommand.self]
    )
}
