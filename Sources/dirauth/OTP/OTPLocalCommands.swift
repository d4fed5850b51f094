// SPDX-License-Identifier: Apache-2.0
// Local helpers: the current code of a seed, and an otpauth:// URI for authenticator apps.

import ArgumentParser
import Foundation
import OTP

/// `dirauth otp code --seed S`.
struct OTPCodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code", abstract: "Print the current TOTP code of a base32 seed (SHA-1, 6 digits, 30 s).")

    @Option(help: ArgumentHelp("The base32 seed; prefer --seed-file or $DIRAUTH_SEED.", valueName: "seed")) var seed: String?
    @Option(help: ArgumentHelp("A file whose first line is the seed; - reads standard input.", valueName: "file")) var seedFile: String?

    func validate() throws {
        guard let source = try SeedSource.given(argument: seed, file: seedFile, variable: "DIRAUTH_SEED", options: "--seed and --seed-file") else {
            throw ValidationError("give --seed, --seed-file or $DIRAUTH_SEED")
        }
        if case .argument(let text) = source { _ = try OTPSeed.parse(text) }
    }

    func secret() throws -> OTPSecret {
        let source = try SeedSource.given(argument: seed, file: seedFile, variable: "DIRAUTH_SEED", options: "--seed and --seed-file")
        return try OTPSeed.parse(try source?.read() ?? "")
    }

    func run() throws {
        print(TOTP(secret: try secret()).code(at: Date()))
    }
}

/// `dirauth otp uri --name N --realm R --seed S`.
struct OTPURICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uri", abstract: "Print an otpauth:// URI for authenticator apps.")

    @Option(help: ArgumentHelp("The entry's name.", valueName: "name")) var name: String
    @Option(help: ArgumentHelp("The entry's realm.", valueName: "realm")) var realm: String
    @Option(help: ArgumentHelp("The base32 seed; prefer --seed-file or $DIRAUTH_SEED.", valueName: "seed")) var seed: String?
    @Option(help: ArgumentHelp("A file whose first line is the seed; - reads standard input.", valueName: "file")) var seedFile: String?
    @Option(help: ArgumentHelp("The issuer apps show.", valueName: "issuer")) var issuer: String = "dirauth"

    func validate() throws {
        guard !name.isEmpty, !realm.isEmpty else { throw ValidationError("--name and --realm must not be empty") }
        guard let source = try SeedSource.given(argument: seed, file: seedFile, variable: "DIRAUTH_SEED", options: "--seed and --seed-file") else {
            throw ValidationError("give --seed, --seed-file or $DIRAUTH_SEED")
        }
        if case .argument(let text) = source { _ = try OTPSeed.parse(text) }
    }

    func run() throws {
        let source = try SeedSource.given(argument: seed, file: seedFile, variable: "DIRAUTH_SEED", options: "--seed and --seed-file")
        let secret = try OTPSeed.parse(try source?.read() ?? "")
        print(OTPAuthURI.make(name: name, realm: realm, secret: secret, parameters: TOTPParameters(), issuer: issuer))
    }
}

/// Base32 seeds as the commands read them.
enum OTPSeed {
    /// The secret of `text`.
    /// - Throws: `ValidationError` when it is not base32.
    static func parse(_ text: String) throws -> OTPSecret {
        do {
            return try OTPSecret(base32: text)
        } catch {
            throw ValidationError("the seed is not valid base32: \(error)")
        }
    }
}
