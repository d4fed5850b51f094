#!/usr/bin/env bash
# Two OpenLDAP providers in mirror mode (multi-provider replication) on loopback, with
# dirauth's sample directory: what deploy/README.md describes, small enough for tests.
#
#   scripts/replicated-directory.sh start|stop|status
#
# Environment:
#   DIRAUTH_RUN_DIR  working folder (default <repo>/.run/replicated); provider N lives in
#                    $DIRAUTH_RUN_DIR/provider<N> (a scripts/directory.sh run dir), the
#                    combined settings in $DIRAUTH_RUN_DIR/replicated.env
#   LDAP_PORT        provider 1's plain LDAP port (default 3990; LDAPS on the next port)
#   LDAP_PORT_2      provider 2's plain LDAP port (default LDAP_PORT + 2; LDAPS on the next)
#
# start   starts both providers with scripts/directory.sh. The first time, provider 2's
#         data is replaced by a copy of provider 1's (slapcat/slapadd keep entryUUIDs
#         and CSNs), then both get a server ID and an olcSyncrepl pointing at the other
#         (deploy/replication/*.ldif.in). Writes replicated.env: provider 1's settings
#         with DIRAUTH_LDAP_URI listing both providers, plus LDAP_URI_1, LDAP_URI_2,
#         LDAP_ADMIN_PASSWORD_2 (each provider keeps its own rootdn password) and
#         PROVIDER1_RUN_DIR / PROVIDER2_RUN_DIR.
# stop    stops both providers.
# status  exit 0 when both run.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
run_dir=${DIRAUTH_RUN_DIR:-$repo/.run/replicated}
mkdir -p "$run_dir"
run_dir=$(cd "$run_dir" && pwd)
port1=${LDAP_PORT:-3990}
port2=${LDAP_PORT_2:-$((port1 + 2))}
p1="$run_dir/provider1"
p2="$run_dir/provider2"
marker="$run_dir/replication-configured"
env_file="$run_dir/replicated.env"

say() { echo "replicated-directory: $*" >&2; }
die() { say "$*"; exit 1; }

directory() { # directory <run dir> <port> <command>
    DIRAUTH_RUN_DIR=$1 LDAP_PORT=$2 LDAPS_PORT=$(($2 + 1)) "$repo/scripts/directory.sh" "$3"
}

value() { # value <env file> <key>
    (set -a; . "$1"; set +a; eval "printf '%s' \"\${$2}\"")
}

fill() { # fill <template> KEY=value...
    local text
    text=$(grep -v '^#' "$1")
    shift
    for pair in "$@"; do
        text=${text//@${pair%%=*}@/${pair#*=}}
    done
    printf '%s\n' "$text"
}

configure() {
    say "copying provider 1's data to provider 2"
    directory "$p2" "$port2" stop
    slapcat -F "$p1/slapd/slapd.d" -n1 -l "$run_dir/provider1.ldif" 2>/dev/null || die "slapcat of provider 1 failed"
    rm -rf "$p2/slapd/data"
    mkdir -p "$p2/slapd/data"
    slapadd -F "$p2/slapd/slapd.d" -n1 -q -l "$run_dir/provider1.ldif" >/dev/null 2>&1 || die "slapadd into provider 2 failed"
    rm -f "$run_dir/provider1.ldif"
    # Provider 2's secrets are now provider 1's (the entries, with their password hashes,
    # were copied); only the rootdn password (in cn=config) stays its own.
    directory "$p2" "$port2" start
    local replicator_password
    replicator_password=$(value "$p1/directory.env" LDAP_REPLICATOR_PASSWORD)
    for n in 1 2; do
        local dir peer
        if [ "$n" = 1 ]; then dir=$p1; peer="ldap://127.0.0.1:$port2"; else dir=$p2; peer="ldap://127.0.0.1:$port1"; fi
        local ldapi
        ldapi=$(value "$dir/directory.env" LDAPI_URI)
        fill "$repo/deploy/replication/server-id.ldif.in" "SERVER_ID=$n" |
            ldapmodify -Q -Y EXTERNAL -H "$ldapi" >/dev/null || die "olcServerID on provider $n failed"
        fill "$repo/deploy/replication/mirror.ldif.in" "RID=00$n" "PEER_URI=$peer" "REPLICATOR_PASSWORD=$replicator_password" |
            ldapmodify -Q -Y EXTERNAL -H "$ldapi" >/dev/null || die "olcSyncrepl on provider $n failed"
    done
    touch "$marker"
}

write_env() {
    {
        echo "# Written by scripts/replicated-directory.sh: two mirror-mode providers."
        grep -v '^#' "$p1/directory.env" | grep -v '^DIRAUTH_LDAP_URI='
        echo "DIRAUTH_LDAP_URI='ldap://127.0.0.1:$port1 ldap://127.0.0.1:$port2'"
        echo "LDAP_URI_1='ldap://127.0.0.1:$port1'"
        echo "LDAP_URI_2='ldap://127.0.0.1:$port2'"
        echo "LDAP_ADMIN_PASSWORD_2='$(value "$p2/directory.env" LDAP_ADMIN_PASSWORD)'"
        echo "PROVIDER1_RUN_DIR='$p1'"
        echo "PROVIDER2_RUN_DIR='$p2'"
    } >"$env_file"
}

case ${1:-} in
    start)
        directory "$p1" "$port1" start
        directory "$p2" "$port2" start
        [ -e "$marker" ] || configure
        write_env
        say "providers on ldap://127.0.0.1:$port1 and ldap://127.0.0.1:$port2; settings in $env_file"
        ;;
    stop)
        directory "$p1" "$port1" stop || true
        directory "$p2" "$port2" stop || true
        ;;
    status)
        directory "$p1" "$port1" status && directory "$p2" "$port2" status
        ;;
    *)
        echo "usage: $0 start|stop|status" >&2
        exit 2
        ;;
esac
