import Directory
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OTP

extension OTPController {
    /// `POST /ungleichotp/verify/`: the caller (verify capability) asks whether a target
    /// triple is good. Later shape: `auth_*` (or `X-Auth-*`) + `name/realm/token`; 0.6 shape:
    /// `name/realm/token` + `verifyname/verifyrealm/verifytoken`.
    ///
    /// Both entries are read up front with one batch read (one LDAP search); the checks then
    /// run in the order and with the answers of reading each where it is needed: caller,
    /// capability, target fields, target.
    func verify(_ fields: OTPRequestFields, _ address: String?) async throws -> Response {
        let legacy = !(fields.has("auth_name") || fields.has("auth_realm") || fields.has("auth_token")) && fields.headerCredentials == nil
        let callerCredentials = try callerCredentials(fields, .allowLegacy)
        // Field order of ungleich-otp 0.6's VerifySerializer (transcript V06-12).
        let names = legacy ? ["verifyname", "verifytoken", "verifyrealm"] : ["name", "realm", "token"]
        var errors: [(field: String, messages: [String])] = []
        for name in names {
            if let value = fields.string(name) {
                if value.isEmpty { errors.append((name, ["This field may not be blank."])) }
                else if value.count > OTPEntryName.maximumLength { errors.append((name, ["Ensure this field has no more than 128 characters."])) }
            } else {
                errors.append((name, [fields.invalid.contains(name) ? "Not a valid string." : "This field is required."]))
            }
        }
        let target = legacy
            ? OTPCredentials(name: fields.string("verifyname") ?? "", realm: fields.string("verifyrealm") ?? "", token: fields.string("verifytoken") ?? "")
            : OTPCredentials(name: fields.string("name") ?? "", realm: fields.string("realm") ?? "", token: fields.string("token") ?? "")
        let callerKey = OTPEntryKey(name: callerCredentials.name, realm: callerCredentials.realm)
        let targetKey = OTPEntryKey(name: target.name, realm: target.realm)
        // A read error is raised where the single read would have raised it (after the
        // source address check), so a locked address still gets its 429.
        let prefetched: Result<[OTPEntryKey: OTPEntry], any Error>
        do {
            prefetched = .success(try await store.entries(for: errors.isEmpty ? [callerKey, targetKey] : [callerKey]))
        } catch {
            prefetched = .failure(error)
        }
        let caller = try await authenticator.authenticate(callerCredentials, role: "caller", address: address) {
            try prefetched.get()[callerKey]
        }
        try await requireCapability(.verify, of: caller)
        guard errors.isEmpty else { throw DirAuthHTTPError.fieldErrors(errors) }
        do {
            // Target failures count against the target, not the verifier's address: a
            // verifier relaying end users' typos must not lock itself out.
            _ = try await authenticator.authenticate(
                target, role: "target", address: nil, singleUse: settings.singleUseRealms.contains(target.realm)
            ) {
                let entry = try prefetched.get()[targetKey]
                // A caller verifying its own triple may just have cleared its failure counter:
                // read the entry again rather than count from the value read before.
                if let entry, entry.id == caller.id, caller.lockout != OTPLockoutState() {
                    return try await store.entry(name: target.name, realm: target.realm)
                }
                return entry
            }
        } catch OTPAuthenticator.Failure.invalid {
            throw DirAuthHTTPError(.forbidden, Self.noPermission)
        }
        return json(.ok, "{\"status\":\"OK\"}")
    }

    /// `GET /ungleichotp/`: every entry as `{"id","name","realm"}` (plus `seed` with `DIRAUTH_OTP_SHOW_SEEDS`).
    func list(_ fields: OTPRequestFields, _ address: String?) async throws -> Response {
        _ = try await authorize(fields, .allowLegacy, .list, address: address)
        let entries = try await store.entries()
        let items = entries.map { object($0, seed: settings.showSeeds ? $0.secret.base32 : nil) }
        return json(.ok, "[" + items.joined(separator: ",") + "]")
    }

    /// `POST /ungleichotp/` `{name, realm}`: a new entry with a new 160-bit seed, shown once.
    func create(_ fields: OTPRequestFields, _ address: String?) async throws -> Response {
        let caller = try await authorize(fields, .authOnly, .create, address: address)
        let values = try requireFields(fields, ["name", "realm"])
        let secret = OTPSecret.random()
        let entry = try await store.create(name: values["name"] ?? "", realm: values["realm"] ?? "", secret: secret)
        logger.info("OTP entry created", metadata: ["by": "\(caller.name)@\(caller.realm)", "name": "\(entry.name)", "realm": "\(entry.realm)"])
        return json(.created, object(entry, seed: secret.base32))
    }

    /// `GET /ungleichotp/<id>/`.
    func retrieve(_ fields: OTPRequestFields, _ address: String?, _ id: String) async throws -> Response {
        _ = try await authorize(fields, .allowLegacy, .list, address: address)
        let entry = try await existing(id)
        return json(.ok, object(entry, seed: settings.showSeeds ? entry.secret.base32 : nil))
    }

    /// `PUT`/`PATCH /ungleichotp/<id>/` `{name, realm}`: renames (the seed in a body is ignored, as upstream).
    func update(_ fields: OTPRequestFields, _ address: String?, _ id: String, partial: Bool) async throws -> Response {
        let caller = try await authorize(fields, .authOnly, .update, address: address)
        let values = try requireFields(fields, ["name", "realm"], optional: partial)
        let entry = try await existing(id)
        let renamed = try await store.rename(entry, name: values["name"] ?? entry.name, realm: values["realm"] ?? entry.realm)
        logger.info("OTP entry updated", metadata: ["by": "\(caller.name)@\(caller.realm)", "name": "\(renamed.name)", "realm": "\(renamed.realm)"])
        return json(.ok, object(renamed, seed: nil))
    }

    /// `DELETE /ungleichotp/<id>/`: 204.
    func deleteByID(_ fields: OTPRequestFields, _ address: String?, _ id: String) async throws -> Response {
        let caller = try await authorize(fields, .allowLegacy, .delete, address: address)
        let entry = try await existing(id)
        try await store.delete(entry)
        logger.info("OTP entry deleted", metadata: ["by": "\(caller.name)@\(caller.realm)", "name": "\(entry.name)", "realm": "\(entry.realm)"])
        return Response(status: .noContent)
    }

    /// `DELETE /ungleichotp/` `{name, realm}` (not upstream: 405 there): 204, or 404.
    func deleteByName(_ fields: OTPRequestFields, _ address: String?) async throws -> Response {
        let caller = try await authorize(fields, .authOnly, .delete, address: address)
        let values = try requireFields(fields, ["name", "realm"])
        guard let entry = try await store.entry(name: values["name"] ?? "", realm: values["realm"] ?? "") else {
            throw DirAuthHTTPError(.notFound, "Not found.")
        }
        try await store.delete(entry)
        logger.info("OTP entry deleted", metadata: ["by": "\(caller.name)@\(caller.realm)", "name": "\(entry.name)", "realm": "\(entry.realm)"])
        return Response(status: .noContent)
    }

    /// `POST /ungleichotp/<id>/rotate/`: a new seed, shown once.
    func rotate(_ fields: OTPRequestFields, _ address: String?, _ id: String) async throws -> Response {
        let caller = try await authorize(fields, .authOnly, .update, address: address)
        let entry = try await existing(id)
        let secret = OTPSecret.random()
        try await store.rotate(entry, secret: secret)
        logger.info("OTP seed rotated", metadata: ["by": "\(caller.name)@\(caller.realm)", "name": "\(entry.name)", "realm": "\(entry.realm)"])
        return json(.ok, object(entry, seed: secret.base32))
    }
}
