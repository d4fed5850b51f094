// SPDX-License-Identifier: Apache-2.0

// What an RFC 4533 content-synchronisation session reports to its user.

/// One report of an ``LDAPSyncConsumer``.
public enum LDAPSyncEvent: Sendable, Hashable {
    /// A session is established and its refresh phase is over. Changes made while no
    /// session was running are not reported one by one: drop everything derived from
    /// the directory.
    case synchronized(uri: String)
    /// The entry was added, modified, deleted or renamed (for a rename both the old and
    /// the new DN are reported).
    case changed(dn: String)
    /// Entries changed that cannot be named (deletes reported only by entryUUID, or a
    /// response libldap could not parse): drop everything derived from the directory.
    case unknownChanges
    /// The session ended; the consumer reconnects with backoff.
    case disconnected(reason: String)
}
