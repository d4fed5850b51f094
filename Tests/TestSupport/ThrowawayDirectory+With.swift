// SPDX-License-Identifier: Apache-2.0

extension ThrowawayDirectory {
    /// Starts a private directory named `name`, runs `body` with it, and stops it afterwards,
    /// also when `body` throws (a paused slapd is resumed first so that it can stop).
    /// - Parameters:
    ///   - name: The run folder's name below the test run directory.
    ///   - body: The test, given the running directory.
    /// - Returns: What `body` returns.
    public static func with<Result>(name: String, _ body: (ThrowawayDirectory) async throws -> Result) async throws -> Result {
        let directory = try await start(name: name)
        do {
            let result = try await body(directory)
            try await directory.stop()
            return result
        } catch {
            try? directory.resume()
            try? await directory.stop()
            throw error
        }
    }
}
