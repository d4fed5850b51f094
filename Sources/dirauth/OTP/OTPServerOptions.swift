// SPDX-License-Identifier: Apache-2.0
// ungleich-otp.md §9.2: "--auth-name, --auth-realm (always required); --auth-seed or --auth-token;
// --name, --realm; --token or --seed for verify", plus --server-url (the /ungleichotp/ base URL).

import OTP
import DirAuthAPI
import ArgumentParser
import AsyncHTTPClient
import DirAuthClient
import Foundation

/// The API's URL and the caller's credential.
struct OTPServerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The /ungleichotp/ base URL, e.g. https://auth.example.com/ungleichotp/.", valueName: "url"))
    var serverURL: String

    @Option(help: ArgumentHelp("The caller's name.", valueName: "name"))
    var authName: String

    @Option(help: ArgumentHelp("The caller's realm.", valueName: "realm"))
    var authRealm: String

    @Option(help: ArgumentHelp("The caller's base32 seed (the token is computed from it); visible in the process list, prefer --auth-seed-file or $DIRAUTH_AUTH_SEED.", valueName: "seed"))
    var authSeed: String?

    @Option(help: ArgumentHelp("A file whose first line is the caller's base32 seed; - reads standard input.", valueName: "file"))
    var authSeedFile: String?

    @Option(help: ArgumentHelp("The caller's current token.", valueName: "token"))
    var authToken: String?

    @Option(help: ArgumentHelp("Seconds one HTTP request may take.", valueName: "seconds"))
    var timeout: Int = 30

    func validate() throws {
        _ = try parseServerURL(serverURL, option: "--server-url")
        guard !authName.isEmpty, !authRealm.isEmpty else {
            throw ValidationError("--auth-name and --auth-realm must not be empty")
        }
        let seed = try seedSource()
        guard (seed == nil) != (authToken == nil) else {
            throw ValidationError("give exactly one of --auth-seed, --auth-seed-file (or $DIRAUTH_AUTH_SEED) and --auth-token")
        }
        if case .argument? = seed {
            do {
                _ = try caller()
            } catch let error as DirAuthClientError {
                throw ValidationError(error.message)
            }
        }
        guard (1...3600).contains(timeout) else {
            throw ValidationError("--timeout must be between 1 and 3600 seconds")
        }
    }

    /// Where the caller's seed comes from, if it is not a token.
    func seedSource() throws -> SeedSource? {
        try SeedSource.given(argument: authSeed, file: authSeedFile, variable: "DIRAUTH_AUTH_SEED", options: "--auth-seed and --auth-seed-file")
    }

    /// The caller's credential; reads the seed from its source (once: standard input is consumed).
    func caller() throws -> OTPCredential {
        try OTPCredential(name: authName, realm: authRealm, token: authToken, seed: try seedSource()?.read())
    }

    /// Runs `body` with an API client on a command-line HTTP client.
    /// - Parameters:
    ///   - caller: The caller's credential when already read (else it is read here).
    ///   - body: What to do with the client.
    func withClient<T: Sendable>(caller given: OTPCredential? = nil, _ body: (OTPServiceClient) async throws -> T) async throws -> T {
        let url = try parseServerURL(serverURL, option: "--server-url")
        let caller = try given ?? caller()
        return try await HTTPClient.withCommandLineClient(timeout: .seconds(timeout)) { http in
            try await body(try OTPServiceClient(baseURL: url, caller: caller, httpClient: http, timeout: .seconds(timeout)))
        }
    }
}

/// Prints entries as JSON lines on stdout.
enum EntryPrinter {
    static func print(_ entries: [OTPServiceEntry]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for entry in entries {
            Output.data(Array(try encoder.encode(entry)) + [0x0a])
        }
    }
}
