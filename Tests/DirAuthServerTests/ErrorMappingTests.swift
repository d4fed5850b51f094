// SPDX-License-Identifier: Apache-2.0

import CRTAuth
import DirAuthCore
import DirAuthMiddleware
import DirAuthServer
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// Every error class through the real mapping middleware of each API style, in process: the
/// status, the headers and the body each style answers with.
@Suite("Errors: one mapping per API style")
struct ErrorMappingTests {
    /// One thrown error and what each style answers.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var error: any Error & Sendable
        var status: HTTPResponse.Status
        /// The body's message, or the whole JSON body for field errors (`json` set).
        var message: String
        var json: String? = nil
        var header: (HTTPField.Name, String)? = nil
        /// `/_auth`'s message when it differs.
        var crtauthMessage: String? = nil
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "invalid credentials", error: DirAuthCoreError.invalidCredentials("x"), status: .forbidden, message: "Incorrect authentication credentials."),
        Case(
            name: "locked out", error: DirAuthCoreError.lockedOut(retryAfter: 7), status: .tooManyRequests,
            message: "Request was throttled. Expected available in 7 seconds.", header: (.retryAfter, "7")
        ),
        Case(name: "permission denied", error: DirAuthCoreError.permissionDenied("x"), status: .forbidden, message: "You do not have permission to perform this action."),
        Case(
            name: "field errors", error: DirAuthCoreError.invalidFields([FieldError("name", .blank), FieldError("realm", .missing), FieldError("token", .tooLong(maximum: 128))]),
            status: .badRequest, message: "",
            json: #"{"name":["This field may not be blank."],"realm":["This field is required."],"token":["Ensure this field has no more than 128 characters."]}"#
        ),
        Case(name: "not found", error: DirAuthCoreError.notFound("x"), status: .notFound, message: "Not found."),
        Case(
            name: "duplicate entry", error: DirAuthCoreError.duplicateEntry("x"), status: .badRequest, message: "",
            json: #"{"non_field_errors":["The fields name, realm must make a unique set."]}"#
        ),
        Case(
            name: "name too long", error: DirAuthCoreError.nameTooLong("x"), status: .badRequest, message: "",
            json: #"{"non_field_errors":["Name and realm are too long together: at most about 236 bytes of UTF-8."]}"#
        ),
        Case(name: "token rejected", error: DirAuthCoreError.tokenRejected("x"), status: .forbidden, message: "Invalid or expired token."),
        Case(
            name: "malformed crtauth message", error: CRTAuthError.malformed("bad msgpack"), status: .badRequest, message: "Malformed message: bad msgpack",
            crtauthMessage: "Malformed X-CHAP message: bad msgpack"
        ),
        Case(name: "failed crtauth login", error: CRTAuthError.authenticationFailed("bad signature"), status: .forbidden, message: "Failed to authenticate user"),
        Case(name: "directory unavailable", error: DirectoryError.unavailable("down"), status: .serviceUnavailable, message: "The directory is unavailable; try again shortly."),
        Case(name: "verifier unavailable", error: DirAuthMiddlewareError.unavailable("down"), status: .serviceUnavailable, message: "The directory is unavailable; try again shortly."),
    ]

    /// Routes that throw `cases[i]` at `/<prefix>/<i>` in each style.
    static func router() -> Router<DirAuthRequestContext> {
        let router = Router(context: DirAuthRequestContext.self)
        for (prefix, style) in [("text", APIErrorStyle.crtauth), ("json", .json), ("drf", .ungleichOTP)] {
            let group = router.group(RouterPath(prefix)).add(middleware: APIErrorMiddleware(style: style))
            group.get(":case") { _, context -> Response in
                throw cases[context.parameters.get("case", as: Int.self) ?? 0].error
            }
            group.get("unknown") { _, _ -> Response in throw CancellationError() }
        }
        return router
    }

    @Test("each domain error gets its status and body in every style", arguments: cases.indices)
    func mapped(_ index: Int) async throws {
        let expected = Self.cases[index]
        try await Application(router: Self.router()).test(.router) { client in
            for prefix in ["text", "json", "drf"] {
                try await client.execute(uri: "/\(prefix)/\(index)", method: .get) { response in
                    #expect(response.status == expected.status, "\(prefix)")
                    let body = String(buffer: response.body)
                    if let json = expected.json {
                        #expect(body == json, "\(prefix)")
                        #expect(response.headers[.contentType] == "application/json")
                    } else if prefix == "text" {
                        #expect(body == (expected.crtauthMessage ?? expected.message))
                        #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                    } else {
                        #expect(body == #"{"detail":"\#(expected.message)"}"#, "\(prefix)")
                    }
                    if let (name, value) = expected.header { #expect(response.headers[name] == value) }
                }
            }
        }
    }

    @Test("a rejected token is 401 with WWW-Authenticate: crtauth in every style")
    func unauthorized() async throws {
        let router = Self.router()
        for prefix in ["text", "json", "drf"] {
            router.group(RouterPath(prefix + "-auth")).add(middleware: APIErrorMiddleware(style: .json)).get { _, _ -> Response in
                throw DirAuthMiddlewareError.rejected("forged")
            }
        }
        try await Application(router: router).test(.router) { client in
            for prefix in ["text", "json", "drf"] {
                try await client.execute(uri: "/\(prefix)-auth", method: .get) { response in
                    #expect(response.status == .unauthorized)
                    #expect(response.headers[.wwwAuthenticate] == "crtauth")
                }
            }
        }
    }

    @Test("an error no style knows stays Hummingbird's 500")
    func unknown() async throws {
        try await Application(router: Self.router()).test(.router) { client in
            for prefix in ["text", "json", "drf"] {
                try await client.execute(uri: "/\(prefix)/unknown", method: .get) { response in
                    #expect(response.status == .internalServerError)
                }
            }
        }
    }
}
