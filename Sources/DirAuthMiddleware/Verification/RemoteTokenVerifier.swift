// SPDX-License-Identifier: Apache-2.0

public import AsyncHTTPClient
import Caching
import DirAuthAPI
import DirAuthClient
public import Foundation
import Logging
public import OTP
public import ServiceLifecycle

/// Verifies tokens by asking a dirauthd (`POST /v1/verify` through ``TokenVerificationClient``),
/// for services that are not trusted with the secret.
///
/// Answers, refusals included, are cached briefly (default 10 s; an identity never beyond its
/// token's expiry) in a bounded `TTLCache`, so a burst of requests with one token costs one call.
/// With its own HTTP client (`ownsHTTPClient`), run the verifier as a `Service` beside your
/// application: it shuts the client down on graceful shutdown. The default, AsyncHTTPClient's
/// shared client, lives as long as the process and needs no shutdown.
public struct RemoteTokenVerifier: DirAuthTokenVerifier, Service {
    /// What dirauthd said about a token.
    enum Answer: Sendable {
        case valid(DirAuthIdentity)
        case rejected(String)
    }

    /// dirauthd's `/v1/verify` URL.
    public var verifyURL: String { client.verifyURL }
    /// This service's credential.
    public var credential: OTPCredential { client.caller }
    /// How long an answer is reused.
    public let cacheTTL: Duration
    private let client: TokenVerificationClient
    private let cache: TTLCache<String, Answer, ContinuousClock>?
    private let ownedHTTPClient: HTTPClient?
    private let now: @Sendable () -> Date

    /// Creates a verifier.
    /// - Parameters:
    ///   - dirauthURL: dirauthd's base URL (e.g. `https://auth.example.com`); `/v1/verify` is appended.
    ///   - credential: This service's OTP credential (`OTPCredential(name:realm:seed:)`).
    ///   - cacheTTL: How long answers are reused (default 10 s; zero disables the cache).
    ///   - maximumCachedAnswers: The cache's bound (default 10 000).
    ///   - timeout: How long one call to dirauthd may take (default 5 s).
    ///   - httpClient: The HTTP client (default: AsyncHTTPClient's shared one).
    ///   - ownsHTTPClient: Whether ``run()`` shuts `httpClient` down on graceful shutdown.
    ///   - now: The clock for TOTP codes and token expiry.
    /// - Throws: ``DirAuthMiddlewareError/Code/invalidConfiguration`` for a URL that is not http(s).
    public init(
        dirauthURL: URL, credential: OTPCredential, cacheTTL: Duration = .seconds(10), maximumCachedAnswers: Int = 10_000,
        timeout: Duration = .seconds(5), httpClient: HTTPClient = .shared, ownsHTTPClient: Bool = false,
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        guard let scheme = dirauthURL.scheme?.lowercased(), scheme == "http" || scheme == "https", dirauthURL.host != nil else {
            throw DirAuthMiddlewareError.invalidConfiguration("dirauth URL \(dirauthURL.absoluteString) is not an http(s) URL with a host")
        }
        do {
            self.client = try TokenVerificationClient(serverURL: dirauthURL, caller: credential, httpClient: httpClient, timeout: timeout, now: now)
        } catch {
            throw DirAuthMiddlewareError.invalidConfiguration("dirauth URL \(dirauthURL.absoluteString): \(error)")
        }
        self.ownedHTTPClient = ownsHTTPClient ? httpClient : nil
        self.cacheTTL = cacheTTL
        self.now = now
        let client = self.client
        if cacheTTL > .zero, maximumCachedAnswers > 0 {
            let configuration = TTLCacheConfiguration(
                ttl: cacheTTL, negativeTTL: .zero, jitter: 0, maxEntries: maximumCachedAnswers, refreshAhead: nil, maxStale: .zero
            )
            self.cache = TTLCache(configuration: configuration, clock: ContinuousClock()) { token in
                try await Self.ask(client, token: token)
            }
        } else {
            self.cache = nil
        }
    }

    /// Asks dirauthd (or the cache) about `token`.
    /// - Parameter token: The token.
    /// - Returns: User, groups, realms and expiry.
    /// - Throws: ``DirAuthMiddlewareError/Code/rejected`` or ``DirAuthMiddlewareError/Code/unavailable``.
    public func verify(token: String) async throws -> DirAuthIdentity {
        let answer: Answer
        if let cache {
            answer = try await cache.value(for: token) ?? .rejected("no answer")
        } else {
            answer = try await Self.ask(client, token: token)
        }
        switch answer {
        case .valid(let identity) where identity.expiresAt > now():
            return identity
        case .valid:
            throw DirAuthMiddlewareError.rejected("the token has expired")
        case .rejected(let reason):
            throw DirAuthMiddlewareError.rejected(reason)
        }
    }

    /// The number of cached answers (for tests and metrics).
    public var cachedAnswerCount: Int { cache?.count ?? 0 }

    /// Waits for graceful shutdown, then shuts down the HTTP client when the verifier owns it.
    public func run() async throws {
        try? await gracefulShutdown()
        try await ownedHTTPClient?.shutdown()
    }

    /// One call to dirauthd: a refusal of the token is an answer (cached); everything else is unavailable.
    private static func ask(_ client: TokenVerificationClient, token: String) async throws -> Answer {
        do {
            let answer = try await client.verify(token: token)
            return .valid(DirAuthIdentity(
                username: answer.username, groups: answer.groups, realms: answer.realms, expiresAt: answer.expiresAt, hasMemberships: true
            ))
        } catch let error as DirAuthClientError where error.code == .rejected {
            return .rejected(error.message)
        } catch let error as DirAuthClientError {
            throw DirAuthMiddlewareError.unavailable(error.message)
        }
    }
}
