// CLDAP: the only place dirauth touches OpenLDAP's C headers.
//
// Besides the two headers, this file holds `static inline` helpers for what Swift
// cannot import or express directly: constants defined as cast macros, the
// `LDAP_OPT_ON` pointer, and a socket watch built on libldap's connection
// callbacks (`LDAP_OPT_CONNECT_CB`) that lets another thread unblock a handle.
#ifndef DIRAUTH_CLDAP_SHIM_H
#define DIRAUTH_CLDAP_SHIM_H

#include <lber.h>
#include <ldap.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/// `LDAP_SCOPE_*` are cast macros (`((ber_int_t) 0x0002)`), which Swift does not import.
static inline int cldap_scope_base(void) { return LDAP_SCOPE_BASE; }
/// See `cldap_scope_base`.
static inline int cldap_scope_onelevel(void) { return LDAP_SCOPE_ONELEVEL; }
/// See `cldap_scope_base`.
static inline int cldap_scope_subtree(void) { return LDAP_SCOPE_SUBTREE; }

/// `LDAP_RES_*` message types are cast macros (`((ber_tag_t) 0x64U)`).
static inline int cldap_res_search_entry(void) { return (int)LDAP_RES_SEARCH_ENTRY; }
/// See `cldap_res_search_entry`.
static inline int cldap_res_search_reference(void) { return (int)LDAP_RES_SEARCH_REFERENCE; }
/// See `cldap_res_search_entry`.
static inline int cldap_res_search_result(void) { return (int)LDAP_RES_SEARCH_RESULT; }

/// `LDAP_OPT_ON` is the address of a library global, which Swift cannot take.
static inline void *cldap_opt_on(void) { return LDAP_OPT_ON; }

/// Records the socket of one LDAP handle so that another thread can shut it down.
///
/// libldap has no timeout on every blocking path (the TLS handshake of `ldaps://`
/// against a stopped server spins forever, whatever `LDAP_OPT_NETWORK_TIMEOUT`
/// says). A watchdog therefore calls `cldap_socket_watch_abort`, which
/// `shutdown(2)`s the socket: every pending read or write on it fails at once and
/// the blocked libldap call returns `LDAP_SERVER_DOWN`. The mutex makes the
/// shutdown and libldap's close of the descriptor (announced through `lc_del`,
/// which runs before `close`) mutually exclusive, so a reused descriptor number is
/// never shut down by mistake.
typedef struct cldap_socket_watch {
    pthread_mutex_t lock;
    int fd;
    int connected;
    struct ldap_conncb callbacks;
} cldap_socket_watch;

static inline int cldap_socket_watch_add(
    LDAP *ld, Sockbuf *sb, LDAPURLDesc *srv, struct sockaddr *addr, struct ldap_conncb *ctx)
{
    (void)ld; (void)srv; (void)addr;
    cldap_socket_watch *watch = (cldap_socket_watch *)ctx->lc_arg;
    ber_socket_t fd = -1;
    if (ber_sockbuf_ctrl(sb, LBER_SB_OPT_GET_FD, &fd) != 1) {
        fd = -1;
    }
    pthread_mutex_lock(&watch->lock);
    watch->fd = (int)fd;
    watch->connected = 1;
    pthread_mutex_unlock(&watch->lock);
    return 0;
}

static inline void cldap_socket_watch_del(LDAP *ld, Sockbuf *sb, struct ldap_conncb *ctx)
{
    (void)ld; (void)sb;
    cldap_socket_watch *watch = (cldap_socket_watch *)ctx->lc_arg;
    pthread_mutex_lock(&watch->lock);
    watch->fd = -1;
    pthread_mutex_unlock(&watch->lock);
}

/// Allocates a watch; free it with `cldap_socket_watch_destroy` after the handle is unbound.
static inline cldap_socket_watch *cldap_socket_watch_create(void)
{
    cldap_socket_watch *watch = (cldap_socket_watch *)calloc(1, sizeof(cldap_socket_watch));
    if (watch == NULL) return NULL;
    pthread_mutex_init(&watch->lock, NULL);
    watch->fd = -1;
    watch->callbacks.lc_add = cldap_socket_watch_add;
    watch->callbacks.lc_del = cldap_socket_watch_del;
    watch->callbacks.lc_arg = watch;
    return watch;
}

/// Registers the watch on one handle (a per-handle option: libldap copies the pointer).
static inline int cldap_socket_watch_attach(LDAP *ld, cldap_socket_watch *watch)
{
    return ldap_set_option(ld, LDAP_OPT_CONNECT_CB, &watch->callbacks);
}

/// Shuts the watched socket down if it is open; returns 1 when it did.
static inline int cldap_socket_watch_abort(cldap_socket_watch *watch)
{
    int done = 0;
    pthread_mutex_lock(&watch->lock);
    if (watch->fd >= 0) {
        done = shutdown(watch->fd, SHUT_RDWR) == 0;
    }
    pthread_mutex_unlock(&watch->lock);
    return done;
}

/// Whether a connection was ever established (TCP, or the ldapi socket), so that a
/// later failure happened after connecting, e.g. in the TLS handshake.
static inline int cldap_socket_watch_was_connected(cldap_socket_watch *watch)
{
    pthread_mutex_lock(&watch->lock);
    int connected = watch->connected;
    pthread_mutex_unlock(&watch->lock);
    return connected;
}

/// Frees a watch. Only after `ldap_unbind_ext` of the handle it was attached to.
static inline void cldap_socket_watch_destroy(cldap_socket_watch *watch)
{
    if (watch == NULL) return;
    pthread_mutex_destroy(&watch->lock);
    free(watch);
}

/// Reads the Sync State control of one search entry (RFC 4533 §2.2:
/// `syncStateValue ::= SEQUENCE { state ENUMERATED, entryUUID syncUUID, cookie OCTET STRING OPTIONAL }`).
/// Copies at most `uuid_capacity` bytes of the entryUUID (16 for a real UUID) into `uuid`.
/// Returns 0 when the control was found and parsed, -1 otherwise. `ber_scanf` is variadic,
/// which Swift cannot call.
static inline int cldap_sync_state(
    LDAP *ld, LDAPMessage *entry, int *state, unsigned char *uuid, size_t uuid_capacity, size_t *uuid_length)
{
    LDAPControl **controls = NULL;
    if (ldap_get_entry_controls(ld, entry, &controls) != LDAP_SUCCESS || controls == NULL) return -1;
    int rc = -1;
    LDAPControl *control = ldap_control_find(LDAP_CONTROL_SYNC_STATE, controls, NULL);
    if (control != NULL) {
        BerElement *ber = ber_init(&control->ldctl_value);
        if (ber != NULL) {
            ber_int_t value = 0;
            struct berval id = { 0, NULL };
            if (ber_scanf(ber, "{em", &value, &id) != LBER_ERROR) {
                size_t count = id.bv_len < uuid_capacity ? id.bv_len : uuid_capacity;
                if (count > 0 && id.bv_val != NULL) memcpy(uuid, id.bv_val, count);
                *uuid_length = count;
                *state = (int)value;
                rc = 0;
            }
            ber_free(ber, 1);
        }
    }
    ldap_controls_free(controls);
    return rc;
}

/// Whether a message is an intermediate response (`LDAP_RES_INTERMEDIATE` is a cast macro).
static inline int cldap_res_intermediate(void) { return (int)LDAP_RES_INTERMEDIATE; }

#endif
