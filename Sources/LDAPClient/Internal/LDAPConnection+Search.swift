// SPDX-License-Identifier: Apache-2.0

// Search (RFC 4511 §4.5), optionally paged (RFC 2696), and reading the entries it returns.
// Blocking: runs only on the client's dedicated thread pool.
internal import CLDAP

extension LDAPConnection {
    private static func cScope(_ scope: LDAPSearchScope) -> Int32 {
        switch scope {
        case .base: cldap_scope_base()
        case .oneLevel: cldap_scope_onelevel()
        case .subtree: cldap_scope_subtree()
        }
    }

    /// One search request (RFC 4511 §4.5), optionally one page of a paged search.
    /// - Parameters:
    ///   - pageSize: When given, sends the RFC 2696 paged-results control with `cookie`.
    ///   - allowPartial: Return the entries received when the size limit was hit.
    /// - Returns: The entries and, for a paged search, the cookie of the next page (empty when done).
    func search(
        base: String, scope: LDAPSearchScope, filter: String, attributes: [String], sizeLimit: Int,
        pageSize: Int? = nil, cookie: [UInt8] = [], allowPartial: Bool
    ) throws -> (entries: [LDAPEntry], cookie: [UInt8]) {
        var control: UnsafeMutablePointer<LDAPControl>?
        if let pageSize {
            // RFC 2696 §2: realSearchControlValue ::= SEQUENCE { size INTEGER, cookie OCTET STRING }
            let rc = CBridge.withBerval(cookie) { cookieValue in
                ldap_create_page_control(handle, ber_int_t(clamping: pageSize), cookieValue, 1, &control)
            }
            if rc != LDAP_SUCCESS { throw error(rc, "paged results control") }
        }
        defer { if let control { ldap_control_free(control) } }
        let controls = UnsafeMutablePointer<UnsafeMutablePointer<LDAPControl>?>.allocate(capacity: 2)
        controls[0] = control
        controls[1] = nil
        defer { controls.deallocate() }

        var timeout = Self.timeval(configuration.operationTimeout)
        var result: OpaquePointer?
        let rc = CBridge.withCStringArray(attributes) { attrs in
            ldap_search_ext_s(
                handle, base, Self.cScope(scope), filter, attrs, 0,
                control == nil ? nil : controls, nil, &timeout, Int32(clamping: sizeLimit), &result)
        }
        guard let result else { throw error(rc, "search under \(base)") }
        defer { ldap_msgfree(result) }

        var entries: [LDAPEntry] = []
        var done: OpaquePointer?
        var message = ldap_first_message(handle, result)
        while let current = message {
            let type = ldap_msgtype(current)
            if type == cldap_res_search_entry() {
                entries.append(entry(current))
            } else if type == cldap_res_search_result() {
                done = current
            }
            message = ldap_next_message(handle, current)
        }
        guard let done else { throw error(rc == LDAP_SUCCESS ? LDAP_DECODING_ERROR : rc, "search under \(base)") }

        var code: Int32 = 0
        var matched: UnsafeMutablePointer<CChar>?
        var diagnostic: UnsafeMutablePointer<CChar>?
        var responseControls: UnsafeMutablePointer<UnsafeMutablePointer<LDAPControl>?>?
        let parsed = ldap_parse_result(handle, done, &code, &matched, &diagnostic, nil, &responseControls, 0)
        defer { if let responseControls { ldap_controls_free(responseControls) } }
        let matchedDN = CBridge.takeString(matched)
        let diagnosticText = CBridge.takeString(diagnostic)
        if parsed != LDAP_SUCCESS { throw error(parsed, "search under \(base)") }
        if code != LDAP_SUCCESS {
            if code == LDAP_SIZELIMIT_EXCEEDED, allowPartial { return (entries, []) }
            throw LDAPError(
                code: .init(rawValue: code),
                diagnostic: Self.describe(code, "search under \(base)", diagnosticText),
                matchedDN: matchedDN.flatMap { $0.isEmpty ? nil : $0 },
                uri: uri)
        }

        var nextCookie: [UInt8] = []
        if pageSize != nil {
            guard let response = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, responseControls, nil) else {
                throw LDAPError(
                    code: .unavailableCriticalExtension,
                    diagnostic: "server returned no paged-results control (RFC 2696)", uri: uri)
            }
            var estimate: ber_int_t = 0
            var cookieValue = berval(bv_len: 0, bv_val: nil)
            let rc = ldap_parse_pageresponse_control(handle, response, &estimate, &cookieValue)
            if rc != LDAP_SUCCESS { throw error(rc, "paged results response") }
            nextCookie = CBridge.bytes(of: cookieValue)
            if let value = cookieValue.bv_val { ber_memfree(value) }
        }
        return (entries, nextCookie)
    }

    /// Reads one entry; every value with `ldap_get_values_len`, so it stays bytes.
    private func entry(_ message: OpaquePointer) -> LDAPEntry {
        let dn = CBridge.takeString(ldap_get_dn(handle, message)) ?? ""
        var attributes: [String: [[UInt8]]] = [:]
        var ber: OpaquePointer?
        var attribute = ldap_first_attribute(handle, message, &ber)
        while let name = attribute {
            let key = String(cString: name)
            var values: [[UInt8]] = []
            if let list = ldap_get_values_len(handle, message, name) {
                var index = 0
                while let value = list[index] {
                    values.append(CBridge.bytes(of: value.pointee))
                    index += 1
                }
                ldap_value_free_len(list)
            }
            attributes[key, default: []].append(contentsOf: values)
            ldap_memfree(name)
            attribute = ldap_next_attribute(handle, message, ber)
        }
        if let ber { ber_free(ber, 0) }
        return LDAPEntry(dn: dn, attributes: attributes)
    }
}
