// SPDX-License-Identifier: Apache-2.0
// The entry point: parses, runs, and maps every error to the documented exit codes.

import ArgumentParser
import DirAuthClient
import Foundation
import SSHAgent

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@main
enum DirauthEntry {
    static func main() async {
        let status = await run(Array(CommandLine.arguments.dropFirst()))
        exit(status)
    }

    /// Parses `arguments`, runs the command, prints errors; returns the exit code.
    static func run(_ arguments: [String]) async -> Int32 {
        do {
            var command = try Dirauth.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return ExitStatus.success
        } catch {
            let code = ExitStatus.code(for: error)
            switch error {
            case let error as DirAuthClientError:
                Output.error("dirauth: \(error.message)")
            case let error as SSHAgentError:
                Output.error("dirauth: \(error.message)")
            case let error as CLIFailure:
                Output.error("dirauth: \(error.description)")
            default:
                let message = Dirauth.fullMessage(for: error)
                if code == ExitStatus.success {
                    print(message)
                } else if !message.isEmpty {
                    Output.error(message)
                }
            }
            return code
        }
    }
}

/// Writing to stdout (results only) and stderr (everything else).
enum Output {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func data(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }
}
