// SPDX-License-Identifier: Apache-2.0
// Errors of the benchmark tool: a kind plus a diagnostic text.

/// A failure of `dirauth-bench`: bad arguments, unreadable files or a failed measurement.
struct BenchError: Error, CustomStringConvertible, Equatable {
    private enum Code: Equatable {
        case usage
        case io
        case failed
    }

    private let code: Code
    /// What went wrong, for the operator.
    let detail: String

    private init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }

    /// Wrong or missing arguments.
    /// - Parameter detail: Which argument and why.
    static func usage(_ detail: String) -> BenchError { BenchError(.usage, detail) }

    /// A file could not be read or written.
    /// - Parameter detail: The path and the reason.
    static func io(_ detail: String) -> BenchError { BenchError(.io, detail) }

    /// A measurement or generation step failed.
    /// - Parameter detail: The step and the reason.
    static func failed(_ detail: String) -> BenchError { BenchError(.failed, detail) }

    var description: String { detail }

    static func == (lhs: BenchError, rhs: BenchError) -> Bool { lhs.code == rhs.code }
}
