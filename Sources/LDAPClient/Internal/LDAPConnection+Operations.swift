// SPDX-License-Identifier: Apache-2.0

// The other operations: compare, add, modify, modify DN, delete and who-am-I.
// Blocking: run only on the client's dedicated thread pool.
internal import CLDAP

extension LDAPConnection {
    /// Compare (RFC 4511 §4.10): `true` for compareTrue, `false` for compareFalse.
    func compare(dn: String, attribute: String, value: [UInt8]) throws -> Bool {
        let rc = CBridge.withBerval(value) { ldap_compare_ext_s(handle, dn, attribute, $0, nil, nil) }
        switch rc {
        case LDAP_COMPARE_TRUE: return true
        case LDAP_COMPARE_FALSE: return false
        default: throw error(rc, "compare \(attribute) of \(dn)")
        }
    }

    /// Add (RFC 4511 §4.7).
    func add(dn: String, attributes: [(String, [[UInt8]])]) throws {
        let changes = attributes.map { (op: LDAP_MOD_ADD, attribute: $0.0, values: $0.1) }
        let rc = CBridge.withMods(changes) { ldap_add_ext_s(handle, dn, $0, nil, nil) }
        if rc != LDAP_SUCCESS { throw error(rc, "add \(dn)") }
    }

    /// Modify (RFC 4511 §4.6): all changes in one atomic request.
    func modify(dn: String, changes: [LDAPModification]) throws {
        let mods = changes.map { change -> (op: Int32, attribute: String, values: [[UInt8]]) in
            let op: Int32 =
                switch change.operation {
                case .add: LDAP_MOD_ADD
                case .delete: LDAP_MOD_DELETE
                case .replace: LDAP_MOD_REPLACE
                }
            return (op: op, attribute: change.attribute, values: change.values)
        }
        let rc = CBridge.withMods(mods) { ldap_modify_ext_s(handle, dn, $0, nil, nil) }
        if rc != LDAP_SUCCESS { throw error(rc, "modify \(dn)") }
    }

    /// Modify DN (RFC 4511 §4.9).
    func rename(dn: String, newRDN: String, deleteOldRDN: Bool, newSuperior: String?) throws {
        let rc = ldap_rename_s(handle, dn, newRDN, newSuperior, deleteOldRDN ? 1 : 0, nil, nil)
        if rc != LDAP_SUCCESS { throw error(rc, "rename \(dn)") }
    }

    /// Delete (RFC 4511 §4.8).
    func delete(dn: String) throws {
        let rc = ldap_delete_ext_s(handle, dn, nil, nil)
        if rc != LDAP_SUCCESS { throw error(rc, "delete \(dn)") }
    }

    /// Who am I? (RFC 4532): the authorization identity, e.g. `dn:cn=…`, or "" for anonymous.
    func whoAmI() throws -> String {
        var identity: UnsafeMutablePointer<berval>?
        let rc = ldap_whoami_s(handle, &identity, nil, nil)
        defer { if let identity { ber_bvfree(identity) } }
        if rc != LDAP_SUCCESS { throw error(rc, "who am I") }
        guard let identity else { return "" }
        return String(decoding: CBridge.bytes(of: identity.pointee), as: UTF8.self)
    }
}
