// SPDX-License-Identifier: Apache-2.0

import DirAuthCore
import OTP

extension OTPRequestFields {
    /// Whether the request names its caller with `auth_*` body fields.
    private var hasAuthFields: Bool { has("auth_name") || has("auth_realm") || has("auth_token") }

    /// The caller's triple: `auth_*` body fields, else `X-Auth-*` headers, else (with
    /// `allowLegacy`) ungleich-otp 0.6's `name`/`realm`/`token`; `nil` when the request has none.
    /// - Parameter allowLegacy: Whether the 0.6 fields may name the caller (not where the body's
    ///   `name`/`realm` describe the entry acted on).
    func caller(allowLegacy: Bool) -> OTPCredential? {
        if hasAuthFields { return triple("auth_name", "auth_realm", "auth_token") }
        if let headerCredentials { return headerCredentials }
        return allowLegacy ? triple("name", "realm", "token") : nil
    }

    /// The triple `/verify/` asks about: `name/realm/token`, or 0.6's `verifyname/verifyrealm/verifytoken`
    /// when the caller came in 0.6's fields.
    var verifyTarget: OTPTargetFields {
        let legacy = !hasAuthFields && headerCredentials == nil
        return legacy
            ? OTPTargetFields(name: input("verifyname"), realm: input("verifyrealm"), token: input("verifytoken"), tokenBeforeRealm: true)
            : OTPTargetFields(name: input("name"), realm: input("realm"), token: input("token"))
    }

    /// One body field as the services see it.
    /// - Parameter field: The field's name.
    func input(_ field: String) -> FieldInput {
        if let value = string(field) { return FieldInput(field, .text(value)) }
        return FieldInput(field, invalid.contains(field) ? .notAString : .absent)
    }

    private func triple(_ name: String, _ realm: String, _ token: String) -> OTPCredential? {
        guard let n = string(name), let r = string(realm), let t = string(token) else { return nil }
        return OTPCredential(name: n, realm: r, token: t)
    }
}
