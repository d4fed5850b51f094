// SPDX-License-Identifier: Apache-2.0

// libldap's first call must not race with another (ldap_get_option(3): the library
// initializes its global state on first use without locking).
internal import CLDAP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs libldap's global initialization exactly once, before any handle is made.
enum LibraryInitialization {
    /// Swift initializes a static `let` once, under a lock, on first access.
    private static let initialized: Bool = {
        ignoreSIGPIPE()
        var version: Int32 = 0
        _ = ldap_get_option(nil, LDAP_OPT_PROTOCOL_VERSION, &version)
        return true
    }()

    /// Makes sure libldap is initialized; cheap after the first call.
    static func ensure() {
        _ = initialized
    }

    /// libldap writes to its sockets with plain `write(2)`. Writing to a connection
    /// the server closed (or that the watchdog shut down) raises SIGPIPE, whose
    /// default action kills the process. Like most servers, the client therefore
    /// ignores SIGPIPE, but only when nobody installed a handler: writes then fail
    /// with EPIPE, which libldap reports as `LDAP_SERVER_DOWN`.
    private static func ignoreSIGPIPE() {
        var current = sigaction()
        guard sigaction(SIGPIPE, nil, &current) == 0 else { return }
        #if canImport(Glibc)
        let isDefault = current.__sigaction_handler.sa_handler == nil
        #else
        let isDefault = current.__sigaction_u.__sa_handler == nil
        #endif
        if isDefault {
            _ = signal(SIGPIPE, SIG_IGN)
        }
    }
}
