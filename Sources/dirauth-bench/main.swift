// SPDX-License-Identifier: Apache-2.0
// dirauth-bench: the Swift side of `make bench` (scripts/bench.sh, bench/).
//
//   dirauth-bench keys      --dir D [--rsa 4] [--ed25519 4]
//   dirauth-bench ldif      --keys D --users N --services N [--realm-size 1000] --out F --seeds F [--base DN]
//   dirauth-bench requests  --users N --count C --out F            v1 challenge requests, one per line
//   dirauth-bench sign      --keys D --secret-file F --server-name S --kind rsa|ed25519 --users N --count C
//                           --at UNIXTIME --out F                  pre-signed responses, one per line
//   dirauth-bench otp-lines --seeds F --verifier name:realm:base32 --count C [--first 0] --out F
//                                                                  /ungleichotp/verify/ form bodies, current codes
//   dirauth-bench ldap-search-rate --uri U --bind-dn D --password-file F --people-base B --uid X --otp-dn DN
//                           [--concurrency 16] [--pool 4] [--seconds 3]            JSON on stdout
//   dirauth-bench crypto    [--seconds 1]                          JSON on stdout
//
// Benchmark data only: the keys and seeds it writes protect nothing.

import CRTAuth
import Foundation
import LDAPClient
import OTP

/// Prints one line to standard error and exits with `code`.
func fail(_ message: String, code: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data("dirauth-bench: \(message)\n".utf8))
    exit(code)
}

/// Writes lines to a file (mode 0600).
func writeLines(_ lines: [String], to path: String) throws {
    try LDIFGenerator.write(lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n"), to: path)
}

/// The secrets of a dirauthd secret file: non-empty lines as raw bytes (as dirauthd reads them).
func readSecrets(_ path: String) throws -> [[UInt8]] {
    guard let data = FileManager.default.contents(atPath: path) else { throw BenchError.io("cannot read \(path)") }
    let lines = data.split(separator: UInt8(ascii: "\n"))
        .map { Array($0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0[...]) }
        .filter { !$0.isEmpty }
    guard !lines.isEmpty else { throw BenchError.io("\(path) holds no secret") }
    return lines
}

/// A JSON object of numbers and strings, one line.
func json(_ fields: [(String, Any)]) -> String {
    let members = fields.map { key, value -> String in
        switch value {
        case let d as Double: return "\"\(key)\":\(d.isFinite ? String(format: "%.1f", d) : "null")"
        case let i as Int: return "\"\(key)\":\(i)"
        default: return "\"\(key)\":\"\(value)\""
        }
    }
    return "{" + members.joined(separator: ",") + "}"
}

let words = Array(CommandLine.arguments.dropFirst())
guard let command = words.first else { fail("usage: dirauth-bench keys|ldif|requests|sign|otp-lines|ldap-search-rate|crypto …", code: 2) }

do {
    let args = try BenchArguments(Array(words.dropFirst()))
    switch command {
    case "keys":
        try KeyPool.create(in: try args.string("dir"), rsaCount: try args.int("rsa", default: 4), ed25519Count: try args.int("ed25519", default: 4))

    case "ldif":
        let generator = LDIFGenerator(
            pool: try KeyPool(folder: try args.string("keys")), baseDN: args.string("base", default: "dc=example,dc=org"),
            users: try args.int("users"), services: try args.int("services"), realmSize: max(1, try args.int("realm-size", default: 1000)))
        try generator.write(ldifPath: try args.string("out"), seedsPath: try args.string("seeds"))

    case "requests":
        let users = max(1, try args.int("users"))
        let lines = (0..<(try args.int("count"))).map { CRTAuthClientLogic.makeRequest(username: "bench-u\($0 % users)") }
        try writeLines(lines, to: try args.string("out"))

    case "sign":
        let serverName = args.string("server-name", default: "localhost")
        let signer = ResponseSigner(
            server: try CRTAuthServer(serverNames: [serverName], secrets: try readSecrets(try args.string("secret-file"))),
            pool: try KeyPool(folder: try args.string("keys")), serverName: serverName)
        let kind = try args.string("kind")
        guard kind == "rsa" || kind == "ed25519" else { throw BenchError.usage("--kind is rsa or ed25519") }
        let at = Date(timeIntervalSince1970: try args.double("at", default: Date().timeIntervalSince1970))
        let lines = try signer.responses(count: try args.int("count"), users: max(1, try args.int("users")), rsa: kind == "rsa", at: at)
        try writeLines(lines, to: try args.string("out"))

    case "otp-lines":
        let verifier = try args.string("verifier").split(separator: ":", maxSplits: 2).map(String.init)
        guard verifier.count == 3 else { throw BenchError.usage("--verifier is name:realm:base32seed") }
        guard let seedText = try? String(contentsOfFile: try args.string("seeds"), encoding: .utf8) else {
            throw BenchError.io("cannot read the seeds file")
        }
        let services = seedText.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }.filter { $0.count == 3 }
        guard !services.isEmpty else { throw BenchError.io("the seeds file lists no service") }
        let now = Date()
        let verifierCode = TOTP(secret: try OTPSecret(base32: verifier[2])).code(at: now)
        let first = try args.int("first", default: 0)
        var lines: [String] = []
        for index in 0..<(try args.int("count")) {
            let service = services[(first + index) % services.count]
            let code = TOTP(secret: try OTPSecret(base32: service[2])).code(at: now)
            lines.append("auth_name=\(verifier[0])&auth_realm=\(verifier[1])&auth_token=\(verifierCode)&name=\(service[0])&realm=\(service[1])&token=\(code)")
        }
        try writeLines(lines, to: try args.string("out"))

    case "ldap-search-rate":
        guard let password = try? String(contentsOfFile: try args.string("password-file"), encoding: .utf8) else {
            throw BenchError.io("cannot read the password file")
        }
        let client = LDAPConnectionPool(configuration: LDAPConfiguration(
            uris: [try args.string("uri")],
            bind: .simple(dn: try args.string("bind-dn"), password: password.trimmingCharacters(in: .whitespacesAndNewlines)),
            poolSize: try args.int("pool", default: 4)))
        let rate = LDAPSearchRate(client: client, concurrency: try args.int("concurrency", default: 16), seconds: try args.double("seconds", default: 3))
        let peopleBase = try args.string("people-base"), uid = try args.string("uid"), otpDN = try args.string("otp-dn")
        _ = try await client.search(base: peopleBase, filter: .equal("uid", uid), attributes: ["uid", "sshPublicKey"], sizeLimit: 2)
        let byUID = try await rate.measure {
            let found = try await client.search(base: peopleBase, filter: .equal("uid", uid), attributes: ["uid", "sshPublicKey"], sizeLimit: 2)
            guard found.count == 1 else { throw BenchError.failed("uid search found \(found.count) entries") }
        }
        let byDN = try await rate.measure {
            let found = try await client.search(base: otpDN, scope: .base, filter: .equal("objectClass", "oathTOTPToken"), attributes: [])
            guard found.count == 1 else { throw BenchError.failed("OTP entry search found \(found.count) entries") }
        }
        await client.shutdown()
        print(json([
            ("uid_searches_per_s", Double(byUID.count) / byUID.seconds), ("otp_base_searches_per_s", Double(byDN.count) / byDN.seconds),
            ("concurrency", rate.concurrency), ("pool", client.configuration.poolSize),
        ]))

    case "crypto":
        let rates = CryptoRates(seconds: try args.double("seconds", default: 1))
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var fields: [(String, Any)] = [("cores", cores)]
        for operation in try rates.operations() {
            fields.append(("\(operation.name)_1core", rates.rate(operation, threads: 1)))
            fields.append(("\(operation.name)_allcores", rates.rate(operation, threads: cores)))
        }
        print(json(fields))

    default:
        fail("unknown command \"\(command)\"", code: 2)
    }
} catch let error as BenchError {
    fail(error.description, code: 2)
} catch {
    fail("\(error)")
}
