// SPDX-License-Identifier: Apache-2.0

// The per-consumer state that libldap's ldap_sync callbacks reach through `ls_private`.
internal import CLDAP
import Foundation

/// Turns the messages of one ldap_sync session into ``LDAPSyncEvent``s.
///
/// libldap 2.5's `ldap_sync_poll` and `ldap_sync_init` fetch responses with
/// `LDAP_MSG_RECEIVED`, which can return several messages chained together, yet pass
/// the chain's first message to every callback. The callbacks here therefore treat
/// each call as "a chain arrived", walk the whole chain once (remembering its head),
/// and read each entry's Sync State control themselves. An intermediate response in
/// the middle of a chain is one libldap cannot have handled: it is reported as
/// ``LDAPSyncEvent/unknownChanges``.
final class SyncSessionContext: @unchecked Sendable {
    // Touched only by the consumer thread (libldap calls back on it).
    var handle: OpaquePointer?
    /// The chain handled last: its head and the DN of its first message. The address alone
    /// is not enough: once libldap frees a chain, the next one may start at the same address
    /// (during the refresh phase `ldap_sync_init` reads many chains in one call).
    var lastHead: (message: OpaquePointer, dn: String?)?
    var inRefresh = false
    var searchEnded = false
    var searchResultCode: Int32 = 0
    /// entryUUID → DN, for renames and deletes reported by UUID.
    var names: [EntryUUID: String] = [:]
    let emit: @Sendable (LDAPSyncEvent) -> Void

    init(emit: @escaping @Sendable (LDAPSyncEvent) -> Void) {
        self.emit = emit
    }

    /// Handles a chain of messages once.
    func handleChain(_ head: OpaquePointer?) {
        guard let head, let handle else { return }
        let dn = ldap_msgtype(head) == cldap_res_search_entry() ? CBridge.takeString(ldap_get_dn(handle, head)) : nil
        if let lastHead, lastHead.message == head, lastHead.dn == dn { return }
        lastHead = (head, dn)
        var message = ldap_first_message(handle, head)
        while let current = message {
            let type = ldap_msgtype(current)
            if type == cldap_res_search_entry() {
                handleEntry(current)
            } else if type == cldap_res_intermediate(), current != head {
                emit(.unknownChanges)
            }
            message = ldap_next_message(handle, current)
        }
    }

    /// One SearchResultEntry with its Sync State control (RFC 4533 §2.2).
    private func handleEntry(_ message: OpaquePointer) {
        guard let handle else { return }
        let dn = CBridge.takeString(ldap_get_dn(handle, message)) ?? ""
        var state: Int32 = -1
        var uuid = [UInt8](repeating: 0, count: 16)
        var length = 0
        let parsed = uuid.withUnsafeMutableBufferPointer { buffer in
            cldap_sync_state(handle, message, &state, buffer.baseAddress, buffer.count, &length)
        }
        let key = parsed == 0 && length == uuid.count ? uuid.withUnsafeBytes { EntryUUID($0) } : nil
        let previous = key.flatMap { names[$0] }
        if let key {
            if state == LDAP_SYNC_DELETE {
                names[key] = nil
            } else {
                names[key] = dn
            }
        }
        // RFC 4533 §3.4: present entries are unchanged; during the refresh phase the
        // consumer reports nothing (``LDAPSyncEvent/synchronized(uri:)`` follows).
        guard !inRefresh, state != LDAP_SYNC_PRESENT else { return }
        if let previous, previous.lowercased() != dn.lowercased() {
            emit(.changed(dn: previous))
        }
        if !dn.isEmpty {
            emit(.changed(dn: dn))
        } else {
            emit(.unknownChanges)
        }
    }

    /// A syncIdSet (RFC 4533 §2.5): deleted entries named by UUID only.
    func handleDeletedIDs(_ ids: UnsafeMutablePointer<berval>?) {
        guard let ids else { return }
        var index = 0
        var unknown = false
        while let pointer = ids[index].bv_val {
            let key = EntryUUID(UnsafeRawBufferPointer(start: pointer, count: Int(ids[index].bv_len)))
            if let key, let dn = names.removeValue(forKey: key) {
                if !inRefresh { emit(.changed(dn: dn)) }
            } else {
                unknown = true
            }
            index += 1
        }
        if unknown, !inRefresh { emit(.unknownChanges) }
    }

    static func from(_ ls: UnsafeMutablePointer<ldap_sync_t>?) -> SyncSessionContext? {
        guard let raw = ls?.pointee.ls_private else { return nil }
        return Unmanaged<SyncSessionContext>.fromOpaque(raw).takeUnretainedValue()
    }
}
