// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `dirauth otp <verb>`: ungleich-otp's client (`create|list|delete|verify|rotate`) plus local helpers.
struct OTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "otp",
        abstract: "Manage and check OTP service tokens (ungleich-otp compatible API), compute codes and URIs.",
        discussion: """
            The caller (--auth-name, --auth-realm, and --auth-seed or --auth-token) authenticates every call to the API at --server-url (the /ungleichotp/ base URL). A 403 is a failure (exit 1).

            Examples:
              dirauth otp list   --server-url http://localhost:8080/ungleichotp/ --auth-name admin --auth-realm ungleich-admin --auth-seed $SEED
              dirauth otp create --server-url … --auth-name admin --auth-realm ungleich-admin --auth-seed $SEED --name billing --realm ungleich-intern
              dirauth otp verify --server-url … --auth-name authsvc --auth-realm ungleich-auth --auth-token 123456 --name billing --realm ungleich-intern --token 654321
              dirauth otp delete --server-url … (auth) --name billing --realm ungleich-intern
              dirauth otp rotate --server-url … (auth) --name billing --realm ungleich-intern
              dirauth otp code --seed JBSWY3DPEHPK3PXP
              dirauth otp uri --name billing --realm ungleich-intern --seed JBSWY3DPEHPK3PXP
            """,
        subcommands: [
            OTPCreateCommand.self, OTPListCommand.self, OTPDeleteCommand.self, OTPVerifyCommand.self,
            OTPRotateCommand.self, OTPCodeCommand.self, OTPURICommand.self,
        ]
    )
}
