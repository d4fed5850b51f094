// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import DirAuthCore
import HTTPTypes
import Hummingbird
import OTP

/// ungleich-otp's HTTP API (the later `auth_*` protocol, with 0.6 field names where they
/// are unambiguous), backed by ``OTPService``. See `docs/OTP.md`.
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
/// The handlers read the request, call the service and write its answer; errors become
/// statuses in ``APIErrorStyle/ungleichOTP``.
struct OTPController: Sendable {
    let otp: OTPService

    /// The methods each path answers; the others get 405 with `Allow`.
    static let methods: [(path: String, allowed: [HTTPRequest.Method])] = [
        ("verify", [.post]), ("", [.get, .post, .delete]), (":id", [.get, .put, .patch, .delete]), (":id/rotate", [.post]),
    ]

    func addRoutes(to router: Router<DirAuthRequestContext>) {
        // Hummingbird's router ignores a trailing slash, so each route serves both spellings.
        let api = router.group("/ungleichotp").add(middleware: APIErrorMiddleware(style: .ungleichOTP))
        api.post("verify") { request, context in
            let fields = try await OTPRequestFields.read(request)
            try await otp.verify(caller: fields.caller(allowLegacy: true), target: fields.verifyTarget, address: context.sourceAddress)
            return JSONBody.response(Self.statusOK)
        }
        api.get { request, context in
            let fields = try await OTPRequestFields.read(request)
            let entries = try await otp.list(caller: fields.caller(allowLegacy: true), address: context.sourceAddress)
            return JSONBody.response("[" + entries.map(\.json).joined(separator: ",") + "]")
        }
        api.post { request, context in
            let fields = try await OTPRequestFields.read(request)
            let entry = try await otp.create(
                name: fields.input("name"), realm: fields.input("realm"), caller: fields.caller(allowLegacy: false), address: context.sourceAddress
            )
            return JSONBody.response(entry.json, status: .created)
        }
        api.delete { request, context in
            let fields = try await OTPRequestFields.read(request)
            try await otp.delete(
                name: fields.input("name"), realm: fields.input("realm"), caller: fields.caller(allowLegacy: false), address: context.sourceAddress
            )
            return Response(status: .noContent)
        }
        api.get(":id") { request, context in
            let fields = try await OTPRequestFields.read(request)
            let entry = try await otp.retrieve(id: Self.id(context), caller: fields.caller(allowLegacy: true), address: context.sourceAddress)
            return JSONBody.response(entry.json)
        }
        api.put(":id") { request, context in try await update(request, context, partial: false) }
        api.patch(":id") { request, context in try await update(request, context, partial: true) }
        api.delete(":id") { request, context in
            let fields = try await OTPRequestFields.read(request)
            try await otp.delete(id: Self.id(context), caller: fields.caller(allowLegacy: true), address: context.sourceAddress)
            return Response(status: .noContent)
        }
        api.post(":id/rotate") { request, context in
            let fields = try await OTPRequestFields.read(request)
            let entry = try await otp.rotate(id: Self.id(context), caller: fields.caller(allowLegacy: false), address: context.sourceAddress)
            return JSONBody.response(entry.json)
        }
        for (path, allowed) in Self.methods {
            MethodNotAllowed.add(to: api, path: path, allowing: allowed)
        }
    }

    /// `PUT`/`PATCH /ungleichotp/<id>/` `{name, realm}`: renames (a seed in the body is ignored, as upstream).
    private func update(_ request: Request, _ context: DirAuthRequestContext, partial: Bool) async throws -> Response {
        let fields = try await OTPRequestFields.read(request)
        let entry = try await otp.update(
            id: Self.id(context), name: fields.input("name"), realm: fields.input("realm"), partial: partial,
            caller: fields.caller(allowLegacy: false), address: context.sourceAddress
        )
        return JSONBody.response(entry.json)
    }

    /// `OTPStatus()` as JSON, written once: every verify answers it.
    static let statusOK = JSONBody.object(["status": OTPStatus().status])

    private static func id(_ context: DirAuthRequestContext) -> String {
        context.parameters.get("id") ?? ""
    }
}

extension OTPEntrySummary {
    /// `{"id","name","realm"[,"seed"]}`, the wire form of `OTPServiceEntry`, written by hand
    /// (lists of entries are on the hot path of management tools).
    var json: String {
        var members = ["\"id\":" + JSONBody.quoted(id), "\"name\":" + JSONBody.quoted(name), "\"realm\":" + JSONBody.quoted(realm)]
        if let seed { members.append("\"seed\":" + JSONBody.quoted(seed.base32)) }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// The wire model of this entry.
    var wire: OTPServiceEntry {
        OTPServiceEntry(id: id, name: name, realm: realm, seed: seed?.base32)
    }
}
