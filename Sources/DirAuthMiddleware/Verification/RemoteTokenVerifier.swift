// SPDX-License-Identifier: Apache-2.0
// Asking dirauthd (issue 3, HTTP JSON API): `POST /v1/verify` `{"token"}` →
// `{"username", "groups", "realms", "expires_at"}`, "callable by services that present an OTP
// credential (the auth_* fields or headers of the OTP issue) of a realm with the verify capability".
// dirauthd's failures: 403 "Invalid or expired token." (the user's token), 403 "Incorrect
// authentication credentials." / "You do not have permission to perform this action." (this
// service's credential), 400 {"token": [...]}, 429 (this service is locked out), 503.

public import AsyncHTTPClient
public import Foundation
import Logging
import NIOCore
import NIOHTTP1
public import OTP

/// Verifies tokens by asking a dirauthd, for services that are not trusted with the secret.
/// Answers are cached briefly (default 10 s, never beyond the token's expiry) in a bounded cache.
public struct RemoteTokenVerifier: DirAuthTokenVerifier {
    /// The service's OTP identity: an entry of a realm with the verify capability.
    public struct Credential: Sendable, CustomStringConvertible {
        /// The entry's name.
        public var name: String
        /// The entry's realm.
        public var realm: String
        /// The entry's seed; each call sends its current TOTP code.
        public var seed: OTPSecret
        /// TOTP parameters (default SHA-1, 6 digits, 30 s).
        public var parameters: TOTPParameters

        /// Creates a credential.
        /// - Parameters:
        ///   - name: The name.
        ///   - realm: The realm.
        ///   - seed: The seed.
        ///   - parameters: TOTP parameters.
        public init(name: String, realm: String, seed: OTPSecret, parameters: TOTPParameters = .init()) {
            self.name = name
            self.realm = realm
            self.seed = seed
            self.parameters = parameters
        }

        /// `name@realm` (never the seed).
        public var description: String { "\(name)@\(realm)" }
    }

    /// dirauthd's `/v1/verify` URL.
    public let verifyURL: String
    /// This service's credential.
    public let credential: Credential
    /// How long an answer is reused.
    public let cacheTTL: Duration
    private let cache: VerificationCache
    private let httpClient: HTTPClient
    private let timeout: Duration
    private let now: @Sendable () -> Date

    /// Creates a verifier.
    /// - Parameters:
    ///   - dirauthURL: dirauthd's base URL (e.g. `https://auth.example.com`); `/v1/verify` is appended.
    ///   - credential: This service's OTP credential.
    ///   - cacheTTL: How long answers are reused (default 10 s; zero disables the cache).
    ///   - maximumCachedAnswers: The cache's bound (default 10 000).
    ///   - timeout: How long one call to dirauthd may take (default 5 s).
    ///   - httpClient: The HTTP client (default the shared one).
    ///   - now: The clock.
    /// - Throws: ``DirAuthMiddlewareError/Code/invalidConfiguration`` for a URL that is not http(s).
    public init(
        dirauthURL: URL, credential: Credential, cacheTTL: Duration = .seconds(10), maximumCachedAnswers: Int = 10_000,
        timeout: Duration = .seconds(5), httpClient: HTTPClient = .shared, now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        guard let scheme = dirauthURL.scheme?.lowercased(), scheme == "http" || scheme == "https", dirauthURL.host != nil else {
            throw DirAuthMiddlewareError.invalidConfiguration("dirauth URL \(dirauthURL.absoluteString) is not an http(s) URL with a host")
        }
        var base = dirauthURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        self.verifyURL = base + "/v1/verify"
        self.credential = credential
        self.cacheTTL = cacheTTL
        self.cache = VerificationCache(capacity: max(0, maximumCachedAnswers))
        self.httpClient = httpClient
        self.timeout = timeout
        self.now = now
    }

    /// Asks dirauthd (or the cache) about `token`.
    /// - Parameter token: The token.
    /// - Returns: User, groups, realms and expiry.
    /// - Throws: ``DirAuthMiddlewareError/Code/rejected`` or ``DirAuthMiddlewareError/Code/unavailable``.
    public func verify(token: String) async throws -> DirAuthIdentity {
        let start = now()
        switch cache.answer(for: token, now: start) {
        case .valid(let identity)?: return identity
        case .rejected(let reason)?: throw DirAuthMiddlewareError.rejected(reason)
        case nil: break
        }
        let ttl = TimeInterval(cacheTTL.components.seconds) + TimeInterval(cacheTTL.components.attoseconds) / 1e18
        do {
            let identity = try await ask(token: token, at: start)
            cache.store(.valid(identity), for: token, until: min(start.addingTimeInterval(ttl), identity.expiresAt), now: start)
            return identity
        } catch let error as DirAuthMiddlewareError where error.code == .rejected {
            cache.store(.rejected(error.message), for: token, until: start.addingTimeInterval(ttl), now: start)
            throw error
        }
    }

    /// The number of cached answers (for tests and metrics).
    public var cachedAnswerCount: Int { cache.count }

    private func ask(token: String, at date: Date) async throws -> DirAuthIdentity {
        let body: [String: String] = [
            "token": token,
            "auth_name": credential.name,
            "auth_realm": credential.realm,
            "auth_token": TOTP(secret: credential.seed, parameters: credential.parameters).code(at: date),
        ]
        var request = HTTPClientRequest(url: verifyURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "application/json")
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        request.body = .bytes(ByteBuffer(bytes: data))

        let status: UInt
        let bytes: ByteBuffer
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Int64(timeout / .nanoseconds(1))))
            status = response.status.code
            bytes = try await response.body.collect(upTo: 1 << 20)
        } catch {
            throw DirAuthMiddlewareError.unavailable("cannot reach \(verifyURL): \(error)")
        }
        let reply = Data(bytes.readableBytesView)
        switch status {
        case 200:
            guard let answer = try? Self.decoder.decode(VerifyAnswer.self, from: reply) else {
                throw DirAuthMiddlewareError.unavailable("\(verifyURL) answered 200 with unexpected JSON")
            }
            return DirAuthIdentity(
                username: answer.username, groups: answer.groups ?? [], realms: answer.realms ?? [],
                expiresAt: answer.expiresAt, hasMemberships: true)
        case 400, 401:
            throw DirAuthMiddlewareError.rejected("dirauthd rejected the token (\(status))")
        case 403:
            let detail = Self.detail(reply)
            if detail == "Invalid or expired token." {
                throw DirAuthMiddlewareError.rejected("dirauthd: \(detail)")
            }
            throw DirAuthMiddlewareError.unavailable(
                "dirauthd refused this service's credential \(credential) (403 \(detail)); check its seed and that its realm has the verify capability")
        case 429:
            throw DirAuthMiddlewareError.unavailable("dirauthd locked out this service's credential \(credential) (429)")
        default:
            throw DirAuthMiddlewareError.unavailable("\(verifyURL) answered \(status)")
        }
    }

    static func detail(_ body: Data) -> String {
        ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any])?["detail"] as? String ?? "(no detail)"
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    struct VerifyAnswer: Decodable {
        var username: String
        var groups: [String]?
        var realms: [String]?
        var expiresAt: Date
        enum CodingKeys: String, CodingKey {
            case username, groups, realms
            case expiresAt = "expires_at"
        }
    }
}
