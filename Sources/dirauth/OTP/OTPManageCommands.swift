// SPDX-License-Identifier: Apache-2.0
// The verbs that call the API: create, list, delete, verify, rotate.

import OTP
import ArgumentParser
import DirAuthClient
import Foundation

/// `dirauth otp create --name N --realm R`.
struct OTPCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an entry; prints it with its new seed (shown only once) as JSON.")

    @OptionGroup var server: OTPServerOptions
    @Option(help: ArgumentHelp("The new entry's name.", valueName: "name")) var name: String
    @Option(help: ArgumentHelp("The new entry's realm.", valueName: "realm")) var realm: String

    func validate() throws {
        guard !name.isEmpty, !realm.isEmpty else { throw ValidationError("--name and --realm must not be empty") }
    }

    func run() async throws {
        let (name, realm) = (name, realm)
        try EntryPrinter.print([try await server.withClient { try await $0.create(name: name, realm: realm) }])
    }
}

/// `dirauth otp list`.
struct OTPListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the entries (id, name, realm), one JSON object per line.")

    @OptionGroup var server: OTPServerOptions

    func run() async throws {
        try EntryPrinter.print(try await server.withClient { try await $0.list() })
    }
}

/// `dirauth otp delete (--id I | --name N --realm R)`.
struct OTPDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete an entry, by --id or by --name and --realm.")

    @OptionGroup var server: OTPServerOptions
    @Option(help: ArgumentHelp("The entry's id.", valueName: "id")) var id: String?
    @Option(help: ArgumentHelp("The entry's name.", valueName: "name")) var name: String?
    @Option(help: ArgumentHelp("The entry's realm.", valueName: "realm")) var realm: String?

    func validate() throws {
        try EntrySelector.validate(id: id, name: name, realm: realm)
    }

    func run() async throws {
        let (id, name, realm) = (id, name, realm)
        try await server.withClient { client in
            if let id {
                try await client.delete(id: id)
            } else if let name, let realm {
                try await client.delete(name: name, realm: realm)
            }
        }
        Output.error("Deleted \(id.map { "entry \($0)" } ?? "\(name ?? "")@\(realm ?? "")").")
    }
}

/// `dirauth otp verify --name N --realm R (--token T | --seed S)`.
struct OTPVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check another entry's token (the caller needs the verify capability); prints \"Verify ok\".")

    @OptionGroup var server: OTPServerOptions
    @Option(help: ArgumentHelp("The entry to check.", valueName: "name")) var name: String
    @Option(help: ArgumentHelp("Its realm.", valueName: "realm")) var realm: String
    @Option(help: ArgumentHelp("The token to check.", valueName: "token")) var token: String?
    @Option(help: ArgumentHelp("Its seed (the current token is computed); prefer --seed-file or $DIRAUTH_SEED.", valueName: "seed")) var seed: String?
    @Option(help: ArgumentHelp("A file whose first line is its seed; - reads standard input.", valueName: "file")) var seedFile: String?

    func validate() throws {
        let source = try seedSource()
        guard (token == nil) != (source == nil) else {
            throw ValidationError("give exactly one of --token, --seed and --seed-file (or $DIRAUTH_SEED)")
        }
        if source == .standardInput, try server.seedSource() == .standardInput {
            throw ValidationError("only one seed can come from standard input")
        }
        if case .argument? = source {
            do {
                _ = try target()
            } catch let error as DirAuthClientError {
                throw ValidationError(error.message)
            }
        }
    }

    func seedSource() throws -> SeedSource? {
        try SeedSource.given(argument: seed, file: seedFile, variable: "DIRAUTH_SEED", options: "--seed and --seed-file")
    }

    func target() throws -> OTPCredential {
        try OTPCredential(name: name, realm: realm, token: token, seed: try seedSource()?.read())
    }

    func run() async throws {
        let target = try target()
        let caller = try server.caller()
        try await server.withClient(caller: caller) { try await $0.verify(target) }
        print("Verify ok")
    }
}

/// `dirauth otp rotate (--id I | --name N --realm R)`.
struct OTPRotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "Give an entry a new seed; prints it (shown only once) as JSON.")

    @OptionGroup var server: OTPServerOptions
    @Option(help: ArgumentHelp("The entry's id.", valueName: "id")) var id: String?
    @Option(help: ArgumentHelp("The entry's name (its id is looked up with list).", valueName: "name")) var name: String?
    @Option(help: ArgumentHelp("The entry's realm.", valueName: "realm")) var realm: String?

    func validate() throws {
        try EntrySelector.validate(id: id, name: name, realm: realm)
    }

    func run() async throws {
        let (id, name, realm) = (id, name, realm)
        let entry = try await server.withClient { client in
            let entryID: String
            if let id {
                entryID = id
            } else {
                entryID = try await client.id(name: name ?? "", realm: realm ?? "")
            }
            return try await client.rotate(id: entryID)
        }
        try EntryPrinter.print([entry])
    }
}

/// `--id` or `--name` + `--realm`, not both.
enum EntrySelector {
    static func validate(id: String?, name: String?, realm: String?) throws {
        switch (id, name, realm) {
        case (let id?, nil, nil):
            guard !id.isEmpty else { throw ValidationError("--id must not be empty") }
        case (nil, let name?, let realm?):
            guard !name.isEmpty, !realm.isEmpty else { throw ValidationError("--name and --realm must not be empty") }
        default:
            throw ValidationError("name the entry with --id, or with --name and --realm")
        }
    }
}
