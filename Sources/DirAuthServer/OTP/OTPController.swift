import Directory
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OTP

/// ungleich-otp's HTTP API (the later `auth_*` protocol, with 0.6 field names where they
/// are unambiguous), backed by the directory. See `docs/OTP.md`.
///
/// | method | path                          | capability | answer                         |
/// |--------|-------------------------------|------------|--------------------------------|
/// | POST   | `/ungleichotp/verify/`        | verify     | 200 `{"status":"OK"}`          |
/// | GET    | `/ungleichotp/`               | list       | 200 `[{"id","name","realm"}]`  |
/// | POST   | `/ungleichotp/`               | create     | 201 `{"id","name","realm","seed"}` |
/// | DELETE | `/ungleichotp/` (name, realm) | delete     | 204                            |
/// | GET    | `/ungleichotp/<id>/`          | list       | 200 `{"id","name","realm"}`    |
/// | PUT/PATCH | `/ungleichotp/<id>/`       | update     | 200 `{"id","name","realm"}`    |
/// | DELETE | `/ungleichotp/<id>/`          | delete     | 204                            |
/// | POST   | `/ungleichotp/<id>/rotate/`   | update     | 200 `{"id","name","realm","seed"}` |
///
/// Order of checks, as DRF: media type/JSON (415/400), caller (403 "Incorrect
/// authentication credentials."), lockout (429), capability (403 "You do not have
/// permission…"), fields (400), target (404 / 403).
struct OTPController: Sendable {
    let authenticator: OTPAuthenticator
    let memberships: any MembershipDirectory
    let logger: Logger

    var store: any OTPEntryStore { authenticator.store }
    var settings: OTPSettings { authenticator.settings }

    static let incorrectCredentials = "Incorrect authentication credentials."
    static let noPermission = "You do not have permission to perform this action."

    /// The caller fields a request may use.
    enum CallerFields {
        /// `auth_*` fields or `X-Auth-*` headers only (the body's `name`/`realm` describe the target).
        case authOnly
        /// Also the 0.6 `name`/`realm`/`token` when no `auth_*` field or header is present.
        case allowLegacy
    }

    func addRoutes(to router: Router<DirAuthRequestContext>) {
        let base = "/ungleichotp"
        // Hummingbird's router ignores a trailing slash, so each route serves both spellings.
        router.post("\(base)/verify") { request, context in try await run(request, context) { try await verify($0, $1) } }
        notAllowed(router, "\(base)/verify", except: [.post])

        router.get(RouterPath(base)) { request, context in try await run(request, context) { try await list($0, $1) } }
        router.post(RouterPath(base)) { request, context in try await run(request, context) { try await create($0, $1) } }
        router.delete(RouterPath(base)) { request, context in try await run(request, context) { try await deleteByName($0, $1) } }
        notAllowed(router, base, except: [.get, .post, .delete])

        router.get("\(base)/:id") { request, context in try await run(request, context) { try await retrieve($0, $1, id(context)) } }
        router.put("\(base)/:id") { request, context in try await run(request, context) { try await update($0, $1, id(context), partial: false) } }
        router.patch("\(base)/:id") { request, context in try await run(request, context) { try await update($0, $1, id(context), partial: true) } }
        router.delete("\(base)/:id") { request, context in try await run(request, context) { try await deleteByID($0, $1, id(context)) } }
        notAllowed(router, "\(base)/:id", except: [.get, .put, .patch, .delete])

        router.post("\(base)/:id/rotate") { request, context in try await run(request, context) { try await rotate($0, $1, id(context)) } }
        notAllowed(router, "\(base)/:id/rotate", except: [.post])
    }

    /// 405 `{"detail":"Method \"X\" not allowed."}` for the other methods of a path.
    private func notAllowed(_ router: Router<DirAuthRequestContext>, _ path: String, except allowed: [HTTPRequest.Method]) {
        for method in [HTTPRequest.Method.get, .post, .put, .patch, .delete] where !allowed.contains(method) {
            router.on(RouterPath(path), method: method) { request, _ -> Response in
                let allow = (allowed + [.options]).map(\.rawValue).joined(separator: ", ")
                throw DirAuthHTTPError(.methodNotAllowed, "Method \"\(request.method.rawValue)\" not allowed.", headers: [.allow: allow])
            }
        }
    }

    private func id(_ context: DirAuthRequestContext) -> String {
        context.parameters.get("id") ?? ""
    }

    /// Parses the fields, runs the handler, and maps domain failures to HTTP.
    private func run(
        _ request: Request, _ context: DirAuthRequestContext,
        _ body: (OTPRequestFields, String?) async throws -> Response
    ) async throws -> Response {
        let fields = try await OTPRequestFields.read(request)
        let address = context.remoteAddress?.ipAddress
        do {
            return try await body(fields, address)
        } catch let failure as OTPAuthenticator.Failure {
            switch failure {
            case .invalid: throw DirAuthHTTPError(.forbidden, Self.incorrectCredentials)
            case .locked(let seconds): throw Self.throttled(seconds)
            }
        } catch let error as DirectoryError {
            switch error.kind {
            case .notFound: throw DirAuthHTTPError(.notFound, "Not found.")
            case .conflict: throw DirAuthHTTPError.fieldErrors([("non_field_errors", ["The fields name, realm must make a unique set."])])
            case .invalidInput:
                throw DirAuthHTTPError.fieldErrors([("non_field_errors", ["Name and realm are too long together: at most about 236 bytes of UTF-8."])])
            default:
                logger.error("directory unavailable during an OTP request", metadata: ["error": "\(error)"])
                throw DirAuthHTTPError.directoryUnavailable(error, style: .json)
            }
        }
    }

    /// DRF's throttling answer: 429 with `Retry-After`.
    static func throttled(_ seconds: Int) -> DirAuthHTTPError {
        DirAuthHTTPError(
            .tooManyRequests, "Request was throttled. Expected available in \(seconds) seconds.",
            headers: [.retryAfter: String(seconds)]
        )
    }

    // MARK: Caller

    /// The caller's credentials: `auth_*` body fields, else `X-Auth-*` headers, else (when
    /// allowed) the 0.6 `name`/`realm`/`token`. Missing, blank or overlong values get the
    /// same 403 as wrong ones (DRF's authentication path).
    func callerCredentials(_ fields: OTPRequestFields, _ allowed: CallerFields) throws -> OTPCredentials {
        let credentials: OTPCredentials?
        if fields.has("auth_name") || fields.has("auth_realm") || fields.has("auth_token") {
            credentials = triple(fields, "auth_name", "auth_realm", "auth_token")
        } else if let headers = fields.headerCredentials {
            credentials = headers
        } else if allowed == .allowLegacy {
            credentials = triple(fields, "name", "realm", "token")
        } else {
            credentials = nil
        }
        guard let credentials, [credentials.name, credentials.realm, credentials.token].allSatisfy({ !$0.isEmpty && $0.count <= OTPEntryName.maximumLength })
        else {
            throw OTPAuthenticator.Failure.invalid
        }
        return credentials
    }

    private func triple(_ fields: OTPRequestFields, _ name: String, _ realm: String, _ token: String) -> OTPCredentials? {
        guard let n = fields.string(name), let r = fields.string(realm), let t = fields.string(token) else { return nil }
        return OTPCredentials(name: n, realm: r, token: t)
    }

    /// Authenticates the caller and checks that its realm holds `capability`.
    func authorize(_ fields: OTPRequestFields, _ allowed: CallerFields, _ capability: Capability, address: String?) async throws -> OTPEntry {
        let caller = try await authenticator.authenticate(try callerCredentials(fields, allowed), role: "caller", address: address)
        try await requireCapability(capability, of: caller)
        return caller
    }

    /// Checks that the authenticated caller's realm holds `capability` (403 otherwise).
    func requireCapability(_ capability: Capability, of caller: OTPEntry) async throws {
        let granted = try await memberships.capabilities(ofRealm: caller.realm)
        guard granted.contains(capability) else {
            logger.info("OTP request refused", metadata: [
                "name": "\(OTPAuthenticator.bounded(caller.name))", "realm": "\(OTPAuthenticator.bounded(caller.realm))",
                "missing": "\(capability.rawValue)",
            ])
            throw DirAuthHTTPError(.forbidden, Self.noPermission)
        }
    }

    // MARK: Field validation

    /// DRF `CharField(max_length=128)` checks of the named fields, in order; 400 when any fails.
    /// - Returns: The values (all present when it returns).
    func requireFields(_ fields: OTPRequestFields, _ names: [String], optional: Bool = false) throws -> [String: String] {
        var errors: [(field: String, messages: [String])] = []
        var values: [String: String] = [:]
        for name in names {
            if let value = fields.string(name) {
                if let problem = OTPEntryName.problem(with: value) {
                    errors.append((name, [problem]))
                } else {
                    values[name] = value
                }
            } else if fields.invalid.contains(name) {
                errors.append((name, ["Not a valid string."]))
            } else if !optional {
                errors.append((name, ["This field is required."]))
            }
        }
        guard errors.isEmpty else { throw DirAuthHTTPError.fieldErrors(errors) }
        return values
    }

    /// The entry `id`, or 404.
    func existing(_ id: String) async throws -> OTPEntry {
        guard let entry = try await store.entry(id: id) else { throw DirAuthHTTPError(.notFound, "Not found.") }
        return entry
    }

    // MARK: Responses

    func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        JSONBody.response(text, status: status)
    }

    /// `{"id","name","realm"[,"seed"]}`.
    func object(_ entry: OTPEntry, seed: String?) -> String {
        var members = ["\"id\":" + JSONBody.quoted(entry.id), "\"name\":" + JSONBody.quoted(entry.name), "\"realm\":" + JSONBody.quoted(entry.realm)]
        if let seed { members.append("\"seed\":" + JSONBody.quoted(seed)) }
        return "{" + members.joined(separator: ",") + "}"
    }
}
