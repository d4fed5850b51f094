// SPDX-License-Identifier: Apache-2.0
// An HTTP client for short-lived command-line use: no redirects (a token must not follow a redirect
// to another host), and a refused connection fails at once instead of being retried until the
// timeout (AsyncHTTPClient's default retries connection establishment).

public import AsyncHTTPClient
import NIOCore

extension HTTPClient {
    /// Runs `body` with a client configured for command-line tools, then shuts it down.
    /// - Parameters:
    ///   - timeout: Connect and read timeout.
    ///   - body: The work to do with the client.
    /// - Returns: What `body` returns.
    /// - Throws: What `body` throws.
    public static func withCommandLineClient<T: Sendable>(
        timeout: Duration, _ body: (HTTPClient) async throws -> T
    ) async throws -> T {
        let nanoseconds = Int64(timeout / .nanoseconds(1))
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(min(nanoseconds, 10_000_000_000)), read: .nanoseconds(nanoseconds)))
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        do {
            let result = try await body(client)
            try? await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
