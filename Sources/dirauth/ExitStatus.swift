// SPDX-License-Identifier: Apache-2.0
// The CLI's exit codes (issue 3): 0 success, 1 authentication refused (or any other failure the
// server reports, e.g. an OTP 403), 2 usage, 3 server unreachable or 5xx.

import ArgumentParser
import DirAuthClient
import SSHAgent

/// Maps errors to exit codes.
enum ExitStatus {
    static let success: Int32 = 0
    static let refused: Int32 = 1
    static let usage: Int32 = 2
    static let unreachable: Int32 = 3

    /// The exit code for an error thrown while parsing or running a command.
    static func code(for error: any Error) -> Int32 {
        switch error {
        case let error as CLIFailure:
            return error.exitCode
        case is SSHAgentError:
            return refused
        case let error as DirAuthClientError:
            switch error.code {
            case .unreachable, .serverError: return unreachable
            case .invalidArgument: return usage
            default: return refused
            }
        default:
            // ArgumentParser: help/version → success; parse and validation errors → 64 (EX_USAGE), mapped to 2.
            let parserCode = Dirauth.exitCode(for: error)
            if parserCode == .success { return success }
            if parserCode == .validationFailure { return usage }
            return parserCode.rawValue
        }
    }
}

/// A failure the CLI itself detects, with its exit code and message.
struct CLIFailure: Error, CustomStringConvertible {
    var exitCode: Int32
    var description: String

    init(exitCode: Int32, _ description: String) {
        self.exitCode = exitCode
        self.description = description
    }
}
