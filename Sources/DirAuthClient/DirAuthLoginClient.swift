// SPDX-License-Identifier: Apache-2.0
// The crtauth client of dirauth: logs in at a URL's origin through ssh-agent, caches tokens,
// and sends authenticated requests (crtauth-protocol.md §1, §9.3; PROTOCOL.md for the extensions).

public import AsyncHTTPClient
public import Foundation
public import SSHAgent

/// Logs in to dirauthd (or any crtauth server) with a key held by ssh-agent, and sends requests
/// with the resulting token.
///
/// ```swift
/// let client = DirAuthLoginClient(cache: try TokenCache.standard())
/// let agent = try SSHAgentClient.fromEnvironment()
/// let url = URL(string: "https://auth.example.com/v1/whoami")!
/// let token = try await client.login(url: url, user: "alice", agent: agent)   // always a fresh login
/// let reply = try await client.request(url: url, user: "alice", agent: agent) // cached token, re-login on 401
/// ```
///
/// Login is crtauth's `/_auth` handshake (see ``authenticate(url:user:agent:)`` for how the key
/// is chosen). Tokens are cached per (origin, user) when a ``TokenCache`` is given.
public struct DirAuthLoginClient: Sendable {
    /// The HTTP client (default: AsyncHTTPClient's shared one).
    public let httpClient: HTTPClient
    /// Where tokens are kept between runs, or `nil` for no caching.
    public let cache: TokenCache?
    /// How long one HTTP request may take.
    public let timeout: Duration
    /// The clock (tests replace it).
    public let now: @Sendable () -> Date

    /// Creates a client.
    /// - Parameters:
    ///   - httpClient: The HTTP client to use.
    ///   - cache: The token cache, or `nil`.
    ///   - timeout: Per-request timeout (default 30 s).
    ///   - now: The clock.
    public init(
        httpClient: HTTPClient = .shared, cache: TokenCache? = nil, timeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.httpClient = httpClient
        self.cache = cache
        self.timeout = timeout
        self.now = now
    }

    var http: HTTPExchange { HTTPExchange(client: httpClient, timeout: timeout) }

    /// Logs in now (ignoring any cached token) and returns the token; stores it in the cache.
    /// - Parameters:
    ///   - url: Any URL of the server; the login happens at its origin's `/_auth`.
    ///   - user: The user to log in as.
    ///   - agent: The ssh-agent holding the user's key.
    /// - Returns: The crtauth token (the text after `Authorization: chap:`).
    /// - Throws: ``DirAuthClientError``: `noAgent`, `noUsableKey`, `agentFailed`, `unreachable`,
    ///   `serverError`, `refused`, `serverNameMismatch`, `invalidResponse`, `invalidArgument`.
    public func login(url: URL, user: String, agent: SSHAgentClient) async throws -> String {
        try await authenticate(url: url, user: user, agent: agent).token
    }

    /// A token for `user` at `url`'s origin: the cached one while it is valid, else a fresh login.
    /// - Parameters:
    ///   - url: Any URL of the server.
    ///   - user: The user.
    ///   - agent: The ssh-agent, used only when a login is needed.
    /// - Returns: The session (token and expiry).
    /// - Throws: As ``login(url:user:agent:)``.
    public func session(url: URL, user: String, agent: @autoclosure () throws -> SSHAgentClient) async throws -> DirAuthSession {
        let origin = try ServerOrigin(url: url)
        if let cached = cache?.load(origin: origin.description, username: user, now: now()) {
            return cached
        }
        let agentClient: SSHAgentClient
        do {
            agentClient = try agent()
        } catch let error as SSHAgentError {
            throw Self.mapped(error)
        }
        return try await authenticate(url: url, user: user, agent: agentClient)
    }

    /// Forgets the cached token of `user` at `url`'s origin.
    /// - Parameters:
    ///   - url: Any URL of the server.
    ///   - user: The user.
    public func forget(url: URL, user: String) {
        guard let origin = try? ServerOrigin(url: url) else { return }
        cache?.remove(origin: origin.description, username: user)
    }

    /// Maps ssh-agent failures to client errors.
    static func mapped(_ error: SSHAgentError) -> DirAuthClientError {
        switch error.code {
        case .noAgent: .noAgent(error.message)
        case .keyNotInAgent: .noUsableKey(error.message)
        default: .agentFailed(error.message)
        }
    }
}
