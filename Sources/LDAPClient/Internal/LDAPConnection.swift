// SPDX-License-Identifier: Apache-2.0

// One libldap handle: options, connect, TLS, bind, the watchdog's abort and errors; the
// blocking operations are in `LDAPConnection+Search.swift` and `LDAPConnection+Operations.swift`.
// Every method that talks to the server blocks and runs only on the client's dedicated
// thread pool, never on Swift's cooperative pool.
internal import CLDAP
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns one `LDAP *` handle (an `OpaquePointer`).
///
/// Thread safety: the pool leases a connection to one operation at a time, so the
/// handle is only used by one thread at a time. The one cross-thread call is
/// ``abort(ticket:)``, made by a watchdog; it and ``close(abortFirst:)`` are serialized by
/// `lifecycle`, and the C socket watch serializes the shutdown with libldap's own
/// close of the descriptor.
final class LDAPConnection: @unchecked Sendable {
    /// The server URI this handle talks to.
    let uri: String
    /// The index of ``uri`` in the configuration.
    let serverIndex: Int

    /// The libldap handle (also used by the sync consumer, which owns its connection).
    let handle: OpaquePointer
    private let watch: UnsafeMutablePointer<cldap_socket_watch>
    let configuration: LDAPConfiguration

    private struct Lifecycle {
        var isOpen = true
        var inFlight: UInt64?
        var nextTicket: UInt64 = 1
        var aborted: Set<UInt64> = []
    }
    private let lifecycle = Mutex(Lifecycle())

    /// Creates a handle for `uri` and sets its options; does not connect (no I/O).
    /// - Throws: ``LDAPError`` when the URI is malformed or an option is refused.
    init(uri: String, serverIndex: Int, configuration: LDAPConfiguration) throws {
        LibraryInitialization.ensure()
        self.uri = uri
        self.serverIndex = serverIndex
        self.configuration = configuration

        var created: OpaquePointer?
        let rc = ldap_initialize(&created, uri)
        guard rc == LDAP_SUCCESS, let created else {
            throw LDAPError(code: .init(rawValue: rc), diagnostic: "invalid LDAP URI", uri: uri)
        }
        guard let watch = cldap_socket_watch_create() else {
            ldap_unbind_ext(created, nil, nil)
            throw LDAPError(code: .noMemory, diagnostic: "cannot allocate socket watch", uri: uri)
        }
        self.handle = created
        self.watch = watch
        do {
            try configure()
        } catch {
            ldap_unbind_ext(created, nil, nil)
            cldap_socket_watch_destroy(watch)
            lifecycle.withLock { $0.isOpen = false }
            throw error
        }
    }

    deinit {
        close(abortFirst: false)
    }

    // MARK: Options

    private func configure() throws {
        var version: Int32 = 3
        try setOption(LDAP_OPT_PROTOCOL_VERSION, &version, "protocol version")
        // Never chase referrals: a referral would open connections outside the pool.
        try check(ldap_set_option(handle, LDAP_OPT_REFERRALS, nil), "referrals")
        try check(ldap_set_option(handle, LDAP_OPT_RESTART, cldap_opt_on()), "restart")
        var connect = Self.timeval(configuration.connectTimeout)
        try setOption(LDAP_OPT_NETWORK_TIMEOUT, &connect, "network timeout")
        // The default wait of every synchronous (`_s`) call for its result.
        var operation = Self.timeval(configuration.operationTimeout)
        try setOption(LDAP_OPT_TIMEOUT, &operation, "timeout")
        try check(cldap_socket_watch_attach(handle, watch), "connect callback")

        if usesTLS {
            // Per-handle TLS settings, then a context of this handle's own
            // (LDAP_OPT_X_TLS_NEWCTX); the process-global TLS options are never touched.
            var require: Int32 = configuration.tls.verifyCertificate ? LDAP_OPT_X_TLS_DEMAND : LDAP_OPT_X_TLS_NEVER
            try setOption(LDAP_OPT_X_TLS_REQUIRE_CERT, &require, "TLS certificate check")
            if let caFile = configuration.tls.caFile {
                try caFile.withCString { path in
                    try check(ldap_set_option(handle, LDAP_OPT_X_TLS_CACERTFILE, path), "TLS CA file \(caFile)")
                }
            }
            var isServer: Int32 = 0
            try setOption(LDAP_OPT_X_TLS_NEWCTX, &isServer, "TLS context (check the CA file)")
        }
    }

    private var isLDAPS: Bool { uri.lowercased().hasPrefix("ldaps://") }
    private var isLDAPI: Bool { uri.lowercased().hasPrefix("ldapi://") }
    private var wantsStartTLS: Bool { configuration.tls.startTLS && !isLDAPS && !isLDAPI }
    private var usesTLS: Bool { isLDAPS || wantsStartTLS }

    private var caDescription: String {
        configuration.tls.caFile.map { "CA file \($0)" } ?? "the system CA store"
    }

    private func setOption<T>(_ option: Int32, _ value: inout T, _ what: String) throws {
        try check(withUnsafePointer(to: &value) { ldap_set_option(handle, option, $0) }, what)
    }

    private func check(_ rc: Int32, _ what: String) throws {
        guard rc == LDAP_OPT_SUCCESS else {
            throw LDAPError(code: .localError, diagnostic: "cannot set libldap option: \(what)", uri: uri)
        }
    }

    static func timeval(_ duration: Duration) -> timeval {
        let (seconds, attoseconds) = duration.components
        let micros = max(0, attoseconds / 1_000_000_000_000)
        return CLDAP.timeval(tv_sec: max(0, Int(seconds)), tv_usec: Int(micros))
    }

    // MARK: Watchdog

    /// Marks the start of a blocking call; the ticket lets a watchdog abort exactly this call.
    func beginOperation() -> UInt64 {
        lifecycle.withLock { state in
            let ticket = state.nextTicket
            state.nextTicket += 1
            state.inFlight = ticket
            return ticket
        }
    }

    /// Marks the end of a blocking call; returns whether a watchdog aborted it.
    func endOperation(_ ticket: UInt64) -> Bool {
        lifecycle.withLock { state in
            if state.inFlight == ticket { state.inFlight = nil }
            return state.aborted.remove(ticket) != nil
        }
    }

    /// Shuts the socket down if call `ticket` is still running, which makes the
    /// blocked libldap call fail at once.
    func abort(ticket: UInt64) {
        lifecycle.withLock { state in
            guard state.isOpen, state.inFlight == ticket else { return }
            state.aborted.insert(ticket)
            _ = cldap_socket_watch_abort(watch)
        }
    }

    /// Unbinds and frees the handle; idempotent.
    /// - Parameter abortFirst: Shut the socket down first, so the unbind cannot wait on a hung server.
    func close(abortFirst: Bool) {
        let wasOpen = lifecycle.withLock { state in
            let wasOpen = state.isOpen
            if wasOpen, abortFirst { _ = cldap_socket_watch_abort(watch) }
            state.isOpen = false
            return wasOpen
        }
        guard wasOpen else { return }
        ldap_unbind_ext(handle, nil, nil)
        cldap_socket_watch_destroy(watch)
    }

    // MARK: Errors

    /// Builds the error for result code `rc`, with the handle's diagnostic message.
    func error(_ rc: Int32, _ operation: String) -> LDAPError {
        var diagnosticPointer: UnsafeMutablePointer<CChar>?
        _ = ldap_get_option(handle, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnosticPointer)
        var matchedPointer: UnsafeMutablePointer<CChar>?
        _ = ldap_get_option(handle, LDAP_OPT_MATCHED_DN, &matchedPointer)
        let diagnostic = CBridge.takeString(diagnosticPointer)
        let matched = CBridge.takeString(matchedPointer)
        return LDAPError(
            code: .init(rawValue: rc),
            diagnostic: Self.describe(rc, operation, diagnostic),
            matchedDN: matched.flatMap { $0.isEmpty ? nil : $0 },
            uri: uri
        )
    }

    static func describe(_ rc: Int32, _ operation: String, _ diagnostic: String?) -> String {
        let standard = String(cString: ldap_err2string(rc))
        if let diagnostic, !diagnostic.isEmpty, diagnostic != standard {
            return "\(operation): \(standard): \(diagnostic)"
        }
        return "\(operation): \(standard)"
    }

    // MARK: Connect and bind

    /// Connects (TCP, and TLS for `ldaps://`), runs StartTLS if configured, and binds.
    /// - Throws: ``LDAPError``: connect errors, TLS failures, bind failures.
    func open() throws {
        var rc = ldap_connect(handle)
        if rc != LDAP_SUCCESS {
            var code: Int32 = rc
            _ = ldap_get_option(handle, LDAP_OPT_RESULT_CODE, &code)
            if code == LDAP_SUCCESS { code = LDAP_SERVER_DOWN }
            if isLDAPS, cldap_socket_watch_was_connected(watch) != 0 {
                throw error(code, "TLS handshake failed (server certificate not trusted with \(caDescription)?)")
            }
            throw error(code, "connect")
        }
        if wantsStartTLS {
            // RFC 4511 §4.14: StartTLS, then the TLS handshake on the same connection.
            rc = ldap_start_tls_s(handle, nil, nil)
            if rc == LDAP_CONNECT_ERROR {
                throw error(rc, "StartTLS: TLS handshake failed (server certificate not trusted with \(caDescription)?)")
            }
            if rc != LDAP_SUCCESS { throw error(rc, "StartTLS") }
        }
        switch configuration.bind {
        case .anonymous:
            break
        case .simple(let dn, let password):
            guard !password.isEmpty else {
                // RFC 4513 §5.1.2: a DN with an empty password is an unauthenticated
                // bind, which must never be mistaken for a successful login.
                throw LDAPError(code: .parameterError, diagnostic: "simple bind with an empty password", uri: uri)
            }
            rc = CBridge.withBerval(Array(password.utf8)) { credentials in
                // mechanism NULL = LDAP_SASL_SIMPLE (a cast macro Swift cannot import).
                ldap_sasl_bind_s(handle, dn, nil, credentials, nil, nil, nil)
            }
            if rc != LDAP_SUCCESS { throw error(rc, "simple bind as \(dn)") }
        case .saslExternal:
            // RFC 4422 Appendix A: EXTERNAL with no authorization identity (empty credentials).
            rc = CBridge.withBerval([]) { credentials in
                ldap_sasl_bind_s(handle, nil, "EXTERNAL", credentials, nil, nil, nil)
            }
            if rc != LDAP_SUCCESS { throw error(rc, "SASL EXTERNAL bind") }
        }
    }
}
