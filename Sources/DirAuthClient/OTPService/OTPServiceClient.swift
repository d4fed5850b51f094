// SPDX-License-Identifier: Apache-2.0
// A client of the ungleich-otp HTTP API (ungleich-otp.md §3–§7, issue 4), `auth_*` protocol:
//   POST   <base>verify/        {auth_*, name, realm, token}  → 200 {"status":"OK"}
//   GET    <base>               {auth_*}                      → 200 [{"id","name","realm"}, …]
//   POST   <base>               {auth_*, name, realm}         → 201 {"id","name","realm","seed"}
//   DELETE <base><id>/          {auth_*}                      → 204
//   DELETE <base>               {auth_*, name, realm}         → 204 (dirauth; 405 upstream)
//   POST   <base><id>/rotate/   {auth_*}                      → 200 {"id","name","realm","seed"}
// "Credentials are read only from request.data, i.e. the request body […] This applies to GET and
// DELETE as well" (§4); dirauth also reads X-Auth-Name/-Realm/-Token headers, which this client
// adds on GET and DELETE for proxies that drop their bodies. Failures: 403 {"detail": …},
// 400 {"<field>": [...]}, 404 {"detail":"Not found."}.

public import AsyncHTTPClient
public import DirAuthAPI
public import Foundation
public import OTP

/// Calls an ungleich-otp compatible service (dirauthd's `/ungleichotp/`) as one caller.
///
/// ```swift
/// let caller = try OTPCredential(name: "admin", realm: "ungleich-admin", token: nil, seed: seed)
/// let otp = try OTPServiceClient(baseURL: URL(string: "http://localhost:8080/ungleichotp/")!, caller: caller)
/// let entry = try await otp.create(name: "billing", realm: "ungleich-intern")
/// ```
public struct OTPServiceClient: Sendable {
    /// The `/ungleichotp/` base URL, with a trailing slash.
    public let baseURL: String
    /// Who is calling.
    public let caller: OTPCredential
    /// The clock for tokens computed from seeds.
    public let now: @Sendable () -> Date
    let http: HTTPExchange

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: The API's base, e.g. `https://auth.example.com/ungleichotp/` (a missing final `/` is added).
    ///   - caller: The caller's name, realm and token or seed.
    ///   - httpClient: The HTTP client.
    ///   - timeout: Per-request timeout.
    ///   - now: The clock.
    /// - Throws: ``DirAuthClientError/Code/invalidArgument`` when the URL is not http(s) with a host.
    public init(
        baseURL: URL, caller: OTPCredential, httpClient: HTTPClient = .shared, timeout: Duration = .seconds(30),
        now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        _ = try ServerOrigin(url: baseURL)
        var base = baseURL.absoluteString
        if let query = base.firstIndex(of: "?") { base = String(base[..<query]) }
        if !base.hasSuffix("/") { base += "/" }
        self.baseURL = base
        self.caller = caller
        self.now = now
        self.http = HTTPExchange(client: httpClient, timeout: timeout)
    }

    /// Checks another entry's token. Needs the verify capability.
    /// - Parameter target: The entry and its token (or seed).
    /// - Throws: ``DirAuthClientError/Code/refused`` when the server says no (403) — a bad caller, a
    ///   missing capability, or a wrong target token; others as for every call.
    public func verify(_ target: OTPCredential) async throws {
        let at = now()
        _ = try await call(
            "POST", path: "verify/", fields: ["name": target.name, "realm": target.realm, "token": target.token(at: at)],
            at: at, what: "verifying \(target)")
    }

    /// Lists the entries (without seeds). Needs the list capability.
    /// - Returns: The entries.
    /// - Throws: ``DirAuthClientError``.
    public func list() async throws -> [OTPServiceEntry] {
        let reply = try await call("GET", path: "", fields: [:], at: now(), what: "listing entries")
        return try decode([OTPServiceEntry].self, reply)
    }

    /// Creates an entry with a new random seed. Needs the create capability.
    /// - Parameters:
    ///   - name: The new entry's name.
    ///   - realm: Its realm.
    /// - Returns: The entry with its seed (shown only now).
    /// - Throws: ``DirAuthClientError``; `rejected` when it exists already.
    public func create(name: String, realm: String) async throws -> OTPServiceEntry {
        let reply = try await call("POST", path: "", fields: ["name": name, "realm": realm], at: now(), what: "creating \(name)@\(realm)")
        return try decode(OTPServiceEntry.self, reply)
    }

    /// Deletes the entry with `id`. Needs the delete capability.
    /// - Parameter id: The entry's id.
    /// - Throws: ``DirAuthClientError``; `notFound` when there is none.
    public func delete(id: String) async throws {
        _ = try await call("DELETE", path: Self.escapePath(id) + "/", fields: [:], at: now(), what: "deleting entry \(id)")
    }

    /// Deletes the entry `(name, realm)` (dirauth; upstream answered 405). Needs the delete capability.
    /// - Parameters:
    ///   - name: The name.
    ///   - realm: The realm.
    /// - Throws: ``DirAuthClientError``; `notFound` when there is none.
    public func delete(name: String, realm: String) async throws {
        _ = try await call("DELETE", path: "", fields: ["name": name, "realm": realm], at: now(), what: "deleting \(name)@\(realm)")
    }

    /// Gives the entry with `id` a new seed (dirauth). Needs the update capability.
    /// - Parameter id: The entry's id.
    /// - Returns: The entry with its new seed (shown only now).
    /// - Throws: ``DirAuthClientError``; `notFound` when there is none.
    public func rotate(id: String) async throws -> OTPServiceEntry {
        let reply = try await call("POST", path: Self.escapePath(id) + "/rotate/", fields: [:], at: now(), what: "rotating entry \(id)")
        return try decode(OTPServiceEntry.self, reply)
    }

    /// The id of `(name, realm)`, found through ``list()``.
    /// - Parameters:
    ///   - name: The name.
    ///   - realm: The realm.
    /// - Throws: ``DirAuthClientError/Code/notFound`` when no listed entry matches or it has no id.
    public func id(name: String, realm: String) async throws -> String {
        guard let entry = try await list().first(where: { $0.name == name && $0.realm == realm }), let id = entry.id else {
            throw DirAuthClientError.notFound("no entry \(name)@\(realm) with an id in the list of \(baseURL)")
        }
        return id
    }

    // MARK: - Transport

    func call(_ method: String, path: String, fields: [String: String], at date: Date, what: String) async throws -> HTTPReply {
        var body = fields
        let token = caller.token(at: date)
        body["auth_name"] = caller.name
        body["auth_realm"] = caller.realm
        body["auth_token"] = token
        var headers = [("Content-Type", "application/json"), ("Accept", "application/json")]
        if method == "GET" || method == "DELETE" {
            headers += [("X-Auth-Name", caller.name), ("X-Auth-Realm", caller.realm), ("X-Auth-Token", token)]
        }
        let data: Data
        do {
            data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        } catch {
            throw DirAuthClientError.invalidArgument("cannot encode the request for \(what): \(error)")
        }
        let reply = try await http.send(method: method, url: baseURL + path, headers: headers, body: Array(data))
        let detail = Self.detail(of: reply)
        switch reply.status {
        case 200..<300:
            return reply
        case 401, 403:
            throw DirAuthClientError.refused("\(what) as \(caller) was refused (\(reply.status)): \(detail)")
        case 404:
            throw DirAuthClientError.notFound("\(what): not found (\(detail))")
        case 429:
            let retry = reply.header("Retry-After").map { "; retry after \($0) s" } ?? ""
            throw DirAuthClientError.refused("\(what) as \(caller): too many failed attempts (429)\(retry)")
        default:
            throw DirAuthClientError.rejected("\(what): the server answered \(reply.status): \(detail)")
        }
    }

    /// `{"detail": "…"}`'s text, or the body itself.
    static func detail(of reply: HTTPReply) -> String {
        if let error = try? JSONDecoder().decode(ErrorDetail.self, from: Data(reply.body)) {
            return error.detail
        }
        let text = reply.shortText()
        return text.isEmpty ? "(no body)" : text
    }

    func decode<T: Decodable>(_ type: T.Type, _ reply: HTTPReply) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(reply.body))
        } catch {
            // The body may hold a seed: never quote it.
            throw DirAuthClientError.invalidResponse("\(baseURL) answered \(reply.status) with JSON of an unexpected shape (\(reply.body.count) bytes)")
        }
    }

    /// Percent-encodes an id for a path segment.
    static func escapePath(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}
