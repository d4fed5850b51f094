// SPDX-License-Identifier: Apache-2.0

import DirAuthAPI
import DirAuthCore
import DirAuthServer
import Directory
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LDAPClient
import Logging
import NIOCore
import OTP
import Synchronization
import TestSupport

/// A clock the tests move.
final class TestClock: Sendable {
    private let value: Mutex<Date>
    init(_ date: Date = Date()) { value = Mutex(date) }
    var now: Date { value.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { value.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// One OTP principal of a test: a (name, realm, seed) triple, stored or not.
struct OTPPrincipal: Sendable {
    var name: String
    var realm: String
    var secret: OTPSecret
    var id: String?

    func token(at date: Date) -> String { TOTP(secret: secret).code(at: date) }
}

/// The sample directory seen through dirauthd's LDAP OTP store, with a private realm for
/// the test's own entries (unique names, removed at the end).
final class OTPTestDirectory: Sendable {
    let layout: DirectoryLayout
    let service: LDAPConnectionPool
    let admin: LDAPConnectionPool
    let store: LDAPOTPEntryStore
    let memberships: LDAPMembershipDirectory
    let clock = TestClock()
    /// A realm without capabilities, private to this test.
    let scratchRealm = "otptest-" + String(UUID().uuidString.prefix(8)).lowercased()
    private let created = Mutex<[OTPEntry]>([])
    private let realms = Mutex<Set<String>>([])

    init() throws {
        let environment = try TestEnvironment.directory()
        let uri = try environment.require("DIRAUTH_LDAP_URI")
        layout = DirectoryLayout(baseDN: try environment.require("DIRAUTH_LDAP_BASE_DN"))
        service = LDAPConnectionPool(configuration: LDAPConfiguration(
            uris: [uri],
            bind: .simple(dn: try environment.require("DIRAUTH_LDAP_BIND_DN"), password: try environment.require("DIRAUTH_LDAP_BIND_PASSWORD")),
            poolSize: 2
        ))
        admin = LDAPConnectionPool(configuration: LDAPConfiguration(
            uris: [uri],
            bind: .simple(dn: try environment.require("LDAP_ADMIN_DN"), password: try environment.require("LDAP_ADMIN_PASSWORD")),
            poolSize: 1
        ))
        store = LDAPOTPEntryStore(client: service, layout: layout, logger: Logger(label: "test"))
        memberships = LDAPMembershipDirectory(client: service, layout: layout, nestingDepth: 3, logger: Logger(label: "test"))
        realms.withLock { _ = $0.insert(scratchRealm) }
    }

    /// A new stored principal in `realm` (default: the scratch realm) with a unique name.
    func principal(realm: String? = nil, name: String? = nil) async throws -> OTPPrincipal {
        let realm = realm ?? scratchRealm
        let name = name ?? "t-" + String(UUID().uuidString.prefix(12)).lowercased()
        let secret = OTPSecret.random()
        let entry = try await store.create(name: name, realm: realm, secret: secret)
        track(entry)
        return OTPPrincipal(name: name, realm: realm, secret: secret, id: entry.id)
    }

    /// A principal that is not in the directory.
    func stranger(realm: String = "ungleich-admin") -> OTPPrincipal {
        OTPPrincipal(name: "nobody-" + String(UUID().uuidString.prefix(8)), realm: realm, secret: .random())
    }

    /// Remembers an entry made through the API, so ``cleanUp()`` removes it.
    func track(_ entry: OTPEntry) {
        created.withLock { $0.append(entry) }
        realms.withLock { _ = $0.insert(entry.realm) }
    }

    /// Registers an extra realm whose group ``cleanUp()`` deletes.
    func trackRealm(_ realm: String) {
        realms.withLock { _ = $0.insert(realm) }
    }

    /// The DN of a realm group.
    func realmDN(_ realm: String) -> String {
        LDAPDistinguishedName.dn([LDAPDistinguishedName.rdn("cn", realm)], parent: layout.realmBase)
    }

    /// The DN of a capability group.
    func capabilityDN(_ capability: Capability) -> String {
        LDAPDistinguishedName.dn([LDAPDistinguishedName.rdn("cn", capability.rawValue)], parent: layout.capabilityBase)
    }

    /// Deletes every entry the test made (by name, in case it was renamed or rotated) and
    /// the test's realm groups (not the sample's).
    func cleanUp() async {
        for entry in created.withLock({ $0 }) {
            if let current = try? await store.entry(name: entry.name, realm: entry.realm) {
                try? await store.delete(current)
            }
        }
        let sample: Set<String> = ["ungleich-admin", "ungleich-auth", "services"]
        for realm in realms.withLock({ $0 }) where !sample.contains(realm) {
            for capability in Capability.allCases {
                try? await admin.modify(dn: capabilityDN(capability), changes: [.delete("member", value: Array(realmDN(realm).utf8))])
            }
            try? await admin.delete(dn: realmDN(realm))
        }
        await service.shutdown()
        await admin.shutdown()
    }

    /// The application wired to this directory, with the test clock.
    func app(settings: OTPSettings = .init(), logger: Logger = Logger(label: "test")) throws -> some ApplicationProtocol {
        var configuration = TestConfiguration.make()
        configuration.otp = settings
        let keys = InMemoryDirectory()
        let clock = self.clock
        return try buildApplication(
            configuration: configuration,
            services: DirAuthServices(
                health: NoProbe(), keys: keys, memberships: memberships, otpEntries: store, now: { clock.now }
            ),
            logger: logger
        )
    }

    struct NoProbe: DirectoryHealthProbe {
        func check() async -> [DirectoryHealth] { [] }
    }
}

/// How a request carries the caller.
enum OTPEncoding: String, CaseIterable, Sendable {
    case json, form, headers
}

/// A response as the tests read it.
struct OTPResponse {
    var status: Int
    var body: String
    var headers: HTTPFields

    /// The body as a JSON object (empty when it is not one).
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
    }
}

extension TestClientProtocol {
    /// Calls the OTP API with `caller` (as `auth_*` fields or `X-Auth-*` headers) and `fields`.
    func otp(
        _ method: HTTPRequest.Method, _ uri: String, caller: OTPPrincipal?, at date: Date,
        fields: [String: String] = [:], encoding: OTPEncoding = .json, token: String? = nil
    ) async throws -> OTPResponse {
        var all = fields
        var headers: HTTPFields = [:]
        if let caller {
            let code = token ?? caller.token(at: date)
            if encoding == .headers {
                headers[HTTPField.Name("X-Auth-Name")!] = caller.name
                headers[HTTPField.Name("X-Auth-Realm")!] = caller.realm
                headers[HTTPField.Name("X-Auth-Token")!] = code
            } else {
                all["auth_name"] = caller.name
                all["auth_realm"] = caller.realm
                all["auth_token"] = code
            }
        }
        return try await raw(method, uri, fields: all, form: encoding == .form, headers: headers)
    }

    /// Sends `fields` as JSON (or a form) without adding anything.
    func raw(_ method: HTTPRequest.Method, _ uri: String, fields: [String: String], form: Bool = false, headers: HTTPFields = [:]) async throws -> OTPResponse {
        var headers = headers
        var body: ByteBuffer?
        if !fields.isEmpty {
            if form {
                headers[.contentType] = "application/x-www-form-urlencoded"
                body = ByteBuffer(string: fields.map { formEscape($0.key) + "=" + formEscape($0.value) }.joined(separator: "&"))
            } else {
                headers[.contentType] = "application/json"
                body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: fields))
            }
        }
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            OTPResponse(status: Int(response.status.code), body: String(buffer: response.body), headers: response.headers)
        }
    }
}

/// `application/x-www-form-urlencoded` escaping of one name or value.
func formEscape(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "*"):
            out.unicodeScalars.append(Unicode.Scalar(byte))
        case UInt8(ascii: " "): out += "+"
        default: out += String(format: "%%%02X", byte)
        }
    }
    return out
}
