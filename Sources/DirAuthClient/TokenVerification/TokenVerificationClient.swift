// SPDX-License-Identifier: Apache-2.0
// dirauthd's `POST /v1/verify` (openapi.yaml, operation verifyToken): `VerifyTokenRequest` →
// `VerifyTokenResponse`, "callable by services that present an OTP credential of a realm with the
// verify capability". Failures: 403 "Invalid or expired token." and 400 {"token": [...]} (the
// user's token), 403 "Incorrect authentication credentials." / "You do not have permission to
// perform this action." and 429 (this service's credential), 503.

public import AsyncHTTPClient
public import DirAuthAPI
public import Foundation
public import OTP

/// Asks dirauthd whether a crtauth token a user presented is good, as a service that holds an
/// OTP entry of a realm with the verify capability.
///
/// ```swift
/// let caller = OTPCredential(name: "billing", realm: "ungleich-auth", seed: try OTPSecret(base32: seed))
/// let client = try TokenVerificationClient(serverURL: URL(string: "https://auth.example.com")!, caller: caller)
/// let user = try await client.verify(token: token)   // user.username, user.groups, user.realms
/// ```
public struct TokenVerificationClient: Sendable {
    /// dirauthd's `/v1/verify` URL.
    public let verifyURL: String
    /// The asking service's credential.
    public let caller: OTPCredential
    /// The clock for TOTP codes computed from a seed.
    public let now: @Sendable () -> Date
    let http: HTTPExchange

    /// Creates a client.
    /// - Parameters:
    ///   - serverURL: dirauthd's base URL (e.g. `https://auth.example.com`); `/v1/verify` is appended.
    ///   - caller: This service's OTP credential.
    ///   - httpClient: The HTTP client.
    ///   - timeout: How long one call may take.
    ///   - now: The clock.
    /// - Throws: ``DirAuthClientError/Code/invalidArgument`` when the URL is not http(s) with a host.
    public init(
        serverURL: URL, caller: OTPCredential, httpClient: HTTPClient = .shared, timeout: Duration = .seconds(5),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        _ = try ServerOrigin(url: serverURL)
        var base = serverURL.absoluteString
        if let query = base.firstIndex(of: "?") { base = String(base[..<query]) }
        while base.hasSuffix("/") { base.removeLast() }
        self.verifyURL = base + "/v1/verify"
        self.caller = caller
        self.now = now
        self.http = HTTPExchange(client: httpClient, timeout: timeout)
    }

    /// Checks `token`.
    /// - Parameter token: The text after the user's `Authorization: chap:`.
    /// - Returns: The user, their groups and realms, and the token's expiry.
    /// - Throws: ``DirAuthClientError``: `rejected` when the token is not valid; `refused` when
    ///   dirauthd refused this service's own credential (or locked it out); `unreachable`,
    ///   `serverError` or `invalidResponse` when no usable answer came.
    public func verify(token: String) async throws -> VerifyTokenResponse {
        let request = VerifyTokenRequest(token: token, authName: caller.name, authRealm: caller.realm, authToken: caller.token(at: now()))
        let body: Data
        do {
            body = try APIContract.encoder.encode(request)
        } catch {
            throw DirAuthClientError.invalidArgument("cannot encode the verify request: \(error)")
        }
        let reply = try await http.send(
            method: "POST", url: verifyURL, headers: [("Content-Type", "application/json"), ("Accept", "application/json")], body: Array(body)
        )
        switch reply.status {
        case 200:
            guard let answer = try? APIContract.decoder.decode(VerifyTokenResponse.self, from: Data(reply.body)) else {
                throw DirAuthClientError.invalidResponse("\(verifyURL) answered 200 with unexpected JSON")
            }
            return answer
        case 400, 401:
            throw DirAuthClientError.rejected("dirauthd rejected the token (\(reply.status))")
        case 403:
            let detail = OTPServiceClient.detail(of: reply)
            if detail == "Invalid or expired token." {
                throw DirAuthClientError.rejected("dirauthd: \(detail)")
            }
            throw DirAuthClientError.refused(
                "dirauthd refused this service's credential \(caller) (403 \(detail)); check its seed and that its realm has the verify capability"
            )
        case 429:
            throw DirAuthClientError.refused("dirauthd locked out this service's credential \(caller) (429)")
        default:
            throw DirAuthClientError.invalidResponse("\(verifyURL) answered \(reply.status)")
        }
    }
}
