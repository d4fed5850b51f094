// SPDX-License-Identifier: Apache-2.0
// Local helpers: the current code of a seed, and an otpauth:// URI for authenticator apps.

import ArgumentParser
import Foundation
import OTP

/// `dirauth otp code --seed S`.
struct OTPCodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code", abstract: "Print the current TOTP code of a base32 seed (SHA-1, 6 digits, 30 s).")

    @Option(help: ArgumentHelp("The base32 seed.", valueName: "seed")) var seed: String

    func validate() throws {
        _ = try secret()
    }

    func secret() throws -> OTPSecret {
        do {
            return try OTPSecret(base32: seed)
        } catch {
            throw ValidationError("--seed is not valid base32: \(error)")
        }
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
    @Option(help: ArgumentHelp("The base32 seed.", valueName: "seed")) var seed: String
    @Option(help: ArgumentHelp("The issuer apps show.", valueName: "issuer")) var issuer: String = "dirauth"

    func validate() throws {
        guard !name.isEmpty, !realm.isEmpty else { throw ValidationError("--name and --realm must not be empty") }
        guard (try? OTPSecret(base32: seed)) != nil else { throw ValidationError("--seed is not valid base32") }
    }

    func run() throws {
        let secret: OTPSecret
        do {
            secret = try OTPSecret(base32: seed)
        } catch {
            throw ValidationError("--seed is not valid base32")
        }
        print(OTPAuthURI.make(name: name, realm: realm, secret: secret, parameters: TOTPParameters(), issuer: issuer))
    }
}
