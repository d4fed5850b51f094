// SPDX-License-Identifier: Apache-2.0

public import Foundation

/// Runs a command line tool from async tests without blocking the cooperative pool: the
/// process reports its end through `terminationHandler`, and its output goes to a file (a
/// pipe read after the end could fill up and hang the tool; a slapd it starts inherits
/// nothing of ours).
public enum TestProcess {
    /// Runs `executable` and returns its exit status and its combined stdout and stderr.
    ///
    /// - Parameters:
    ///   - executable: The tool's path.
    ///   - arguments: Its arguments.
    ///   - environment: Its environment (default: the test's).
    ///   - input: Text written to its stdin (default: none, stdin is `/dev/null`).
    ///   - outputFile: Where the output goes (default: a temporary file, removed afterwards).
    /// - Returns: The exit status and the output.
    /// - Throws: ``TestEnvironmentError`` when the tool cannot be started.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, input: String? = nil,
        outputFile: URL? = nil
    ) async throws -> (status: Int32, output: String) {
        let outputURL = outputFile ?? FileManager.default.temporaryDirectory.appendingPathComponent("test-process-\(UUID().uuidString).log")
        defer { if outputFile == nil { try? FileManager.default.removeItem(at: outputURL) } }
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil) else {
            throw TestEnvironmentError("TestProcess: cannot create \(outputURL.path)")
        }
        let output = try FileHandle(forWritingTo: outputURL)
        defer { try? output.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = output
        process.standardError = output
        let stdin = input.map { _ in Pipe() }
        process.standardInput = stdin ?? FileHandle.nullDevice

        // The Process must outlive the wait: once released, nothing reaps the child and
        // terminationHandler never runs.
        defer { withExtendedLifetime(process) {} }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
                if let stdin, let input {
                    stdin.fileHandleForWriting.write(Data(input.utf8))
                    try? stdin.fileHandleForWriting.close()
                }
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: TestEnvironmentError("TestProcess: cannot run \(executable): \(error)"))
            }
        }
        return (status, (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "")
    }
}
