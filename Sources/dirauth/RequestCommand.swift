// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import DirAuthClient
import Foundation

/// `dirauth request URL [--method M] [--data D|@file|-] [--header H]…`: the body on stdout.
struct RequestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request",
        abstract: "Call a protected URL with a token; print the response body on stdout.",
        discussion: """
            Uses the cached token (or logs in), sends Authorization: chap:<token>, and logs in again once if the server answers 401. The response body goes to stdout; a status other than 2xx is reported on stderr (exit 1; exit 3 for 5xx).

            --data takes the body literally, from a file with @file, or from stdin with -. Without --method, a request with --data is a POST, else a GET. A body starting with { or [ is sent as application/json, any other as application/x-www-form-urlencoded, unless --header sets Content-Type.

            Examples:
              dirauth request http://localhost:8080/v1/whoami --user alice
              dirauth request https://svc.example.com/items --data '{"name": "x"}'
              dirauth request https://svc.example.com/items/7 --method DELETE
              echo '{"a": 1}' | dirauth request https://svc.example.com/items --method PUT --data -
            """
    )

    @Argument(help: "The URL to call.")
    var url: String

    @Option(name: .shortAndLong, help: ArgumentHelp("The HTTP method.", valueName: "method"))
    var method: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("The body: text, @file, or - for stdin.", valueName: "data"))
    var data: String?

    @Option(name: [.customShort("H"), .long], help: ArgumentHelp("An extra header, \"Name: value\" (repeatable).", valueName: "header"))
    var header: [String] = []

    @OptionGroup var options: ClientOptions

    func validate() throws {
        _ = try parseServerURL(url)
        if let method {
            guard !method.isEmpty, method.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw ValidationError("--method must be an HTTP method such as GET, POST, PUT, PATCH or DELETE")
            }
        }
        _ = try parsedHeaders()
        if let data, data.hasPrefix("@"), data.count == 1 {
            throw ValidationError("--data @file needs a file name")
        }
    }

    /// `Name: value` pairs.
    func parsedHeaders() throws -> [(String, String)] {
        try header.map { line in
            guard let colon = line.firstIndex(of: ":"), colon != line.startIndex else {
                throw ValidationError("--header must look like \"Name: value\" (got \"\(line)\")")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces)
            guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
                throw ValidationError("--header name \"\(name)\" is not a valid header name")
            }
            return (name, line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
    }

    /// The body bytes of `--data`.
    func body() throws -> [UInt8]? {
        guard let data else { return nil }
        if data == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        if data.hasPrefix("@") {
            let path = String(data.dropFirst())
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw CLIFailure(exitCode: ExitStatus.usage, "cannot read --data file \(path)")
            }
            return Array(contents)
        }
        return Array(data.utf8)
    }

    /// The method: `--method`, else POST with a body and GET without.
    var effectiveMethod: String {
        method?.uppercased() ?? (data == nil ? "GET" : "POST")
    }

    func run() async throws {
        let url = try parseServerURL(url)
        var headers = try parsedHeaders()
        let body = try body()
        if let body, !headers.contains(where: { $0.0.caseInsensitiveCompare("Content-Type") == .orderedSame }) {
            let first = body.first { ![0x20, 0x09, 0x0a, 0x0d].contains($0) }
            let json = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
            headers.append(("Content-Type", json ? "application/json" : "application/x-www-form-urlencoded"))
        }
        let user = try options.resolvedUser()
        let method = effectiveMethod
        let reply = try await options.withClient {
            try await $0.request(url: url, method: method, headers: headers, body: body, user: user, agent: try ClientOptions.agent())
        }
        Output.data(reply.body)
        guard (200..<300).contains(reply.status) else {
            let reason = reply.status == 401 || reply.status == 403 ? " (not authorized, even after a fresh login)" : ""
            throw CLIFailure(exitCode: ExitStatus.refused, "\(effectiveMethod) \(url.absoluteString) answered \(reply.status)\(reason)")
        }
    }
}
