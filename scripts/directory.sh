#!/usr/bin/env bash
# A throwaway OpenLDAP server with dirauth's sample directory.
#
#   scripts/directory.sh start|stop|reset|status
#
# Environment:
#   DIRAUTH_RUN_DIR  working folder (default <repo>/.run); the instance lives in
#                    $DIRAUTH_RUN_DIR/slapd, its settings in $DIRAUTH_RUN_DIR/directory.env
#   LDAP_PORT        plain LDAP (and StartTLS) port on 127.0.0.1 (default 3890)
#   LDAPS_PORT       LDAP over TLS port (default LDAP_PORT + 1)
#   SLAPD_LOGLEVEL   olcLogLevel of a newly created instance (default "none")
#
# start   creates the instance if missing (cn=config with slapadd -n0, the sample
#         data with slapadd -n1, random passwords and OTP seeds, a test CA), starts
#         slapd in the background and waits until it answers. Idempotent: when this
#         run dir's slapd already runs on the same ports it only rewrites directory.env.
# stop    stops this run dir's slapd (SIGINT, then waits); no error if not running.
# reset   stop, wipe $DIRAUTH_RUN_DIR/slapd (data, passwords, seeds), start again.
# status  prints whether this run dir's slapd runs; exit 0 when it does, 1 when not.
#
# Several instances may run at once in different run dirs on different ports.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ldif_dir="$repo/ldif"
fixture_keys="$repo/Tests/Fixtures/keys"

run_dir=${DIRAUTH_RUN_DIR:-$repo/.run}
mkdir -p "$run_dir"
run_dir=$(cd "$run_dir" && pwd)
ldap_port=${LDAP_PORT:-3890}
ldaps_port=${LDAPS_PORT:-$((ldap_port + 1))}
loglevel=${SLAPD_LOGLEVEL:-none}

slapd_dir="$run_dir/slapd"
tls_dir="$run_dir/tls"
keys_dir="$run_dir/keys"
env_file="$run_dir/directory.env"
pid_file="$slapd_dir/slapd.pid"
log_file="$slapd_dir/slapd.log"
ports_file="$slapd_dir/ports"
secrets_file="$slapd_dir/secrets.env"
socket="$slapd_dir/ldapi"

base_dn="dc=example,dc=org"
admin_dn="cn=admin,$base_dn"
bind_dn="cn=dirauthd,ou=services,$base_dn"
replicator_dn="cn=replicator,ou=services,$base_dn"

die() {
    echo "directory: $*" >&2
    exit 1
}

say() {
    echo "directory: $*" >&2
}

for p in "$ldap_port" "$ldaps_port"; do
    [[ $p =~ ^[0-9]+$ ]] && [ "$p" -ge 1 ] && [ "$p" -le 65535 ] || die "invalid port '$p' (LDAP_PORT/LDAPS_PORT)"
done
[ "$ldap_port" != "$ldaps_port" ] || die "LDAP_PORT and LDAPS_PORT are both $ldap_port"

# ldapi:// URLs carry the socket path percent-encoded (RFC 3986 unreserved kept).
percent_encode() {
    local s=$1 out="" c i
    local LC_ALL=C
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
            [A-Za-z0-9._~-]) out+=$c ;;
            *) out+=$(printf '%%%02X' "'$c") ;;
        esac
    done
    printf '%s' "$out"
}

ldap_uri="ldap://127.0.0.1:$ldap_port"
ldaps_uri="ldaps://127.0.0.1:$ldaps_port"
ldapi_uri="ldapi://$(percent_encode "$socket")"

# The PID of this run dir's slapd when it is alive (not a zombie, and its command
# line names our config folder), else nothing and status 1.
running_pid() {
    local pid state cmdline
    [ -f "$pid_file" ] || return 1
    pid=$(<"$pid_file")
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    [ -r "/proc/$pid/stat" ] || return 1
    state=$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$pid/stat" 2>/dev/null) || return 1
    [ "$state" != "Z" ] && [ "$state" != "X" ] || return 1
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ $cmdline == *"slapd -F $slapd_dir/slapd.d "* ]] || return 1
    printf '%s' "$pid"
}

# Is anything listening on 127.0.0.1:PORT (or on every address)?
port_in_use() {
    [ -n "$(ss -Hltn "( sport = :$1 )" 2>/dev/null)" ]
}

log_tail() {
    if [ -f "$log_file" ]; then
        echo "directory: last lines of $log_file:" >&2
        tail -n 20 "$log_file" | sed 's/^/    /' >&2
    fi
}

# Single-quoted value for directory.env ('\'' for a quote).
quote() {
    local v=${1//\'/\'\\\'\'}
    printf "'%s'" "$v"
}

# render TEMPLATE OUTPUT KEY VALUE...: replaces every @KEY@ with VALUE.
render() {
    local template=$1 out=$2 text rest
    text=$(<"$template")
    shift 2
    while [ $# -gt 0 ]; do
        text=${text//"@$1@"/"$2"}
        shift 2
    done
    rest=$(grep -o '@[A-Z0-9_]*@' <<<"$text" | head -n 1 || true)
    [ -z "$rest" ] || die "template $template: no value for $rest"
    (umask 077 && printf '%s\n' "$text" >"$out")
}

ssha() {
    slappasswd -h '{SSHA}' -T <(printf '%s' "$1")
}

# 160 random bits as 32 base32 characters (uppercase, no padding).
new_seed() {
    openssl rand 20 | base32 -w 0
}

seed_base64() {
    printf '%s' "$1" | base32 -d | base64 -w 0
}

public_key() {
    local file="$fixture_keys/$1.pub" line
    [ -r "$file" ] || die "missing fixture key $file (Tests/Fixtures/regenerate.sh makes them)"
    line=$(head -n 1 "$file")
    printf '%s' "$line"
}

# A test CA, a server certificate for localhost/127.0.0.1 signed by it, and an
# unrelated second CA. Made once per run dir; `reset` keeps them.
ensure_tls() {
    local f complete=1
    for f in ca.pem server.pem server.key wrong-ca.pem; do
        [ -s "$tls_dir/$f" ] || complete=0
    done
    [ $complete -eq 1 ] && return 0

    local tmp="$run_dir/tls.tmp.$$"
    rm -rf "$tmp" "$tls_dir"
    mkdir -p "$tmp"
    # libldap checks a "localhost" URL against this machine's own name (it swaps
    # in the FQDN before the TLS name check), so the server certificate names the
    # machine too; URLs with 127.0.0.1 match the IP entry.
    local names="DNS:localhost, IP:127.0.0.1" h
    for h in "$(hostname 2>/dev/null || true)" "$(hostname -f 2>/dev/null || true)"; do
        if [[ -n $h && $h != localhost && $h =~ ^[A-Za-z0-9.-]+$ && ", $names," != *", DNS:$h,"* ]]; then
            names+=", DNS:$h"
        fi
    done
    cat >"$tmp/openssl.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $names
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF
    local genkey=(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)
    (
        cd "$tmp"
        umask 077
        "${genkey[@]}" -out ca.key 2>/dev/null
        "${genkey[@]}" -out wrong-ca.key 2>/dev/null
        "${genkey[@]}" -out server.key 2>/dev/null
        openssl req -x509 -new -config openssl.cnf -extensions ca_ext -key ca.key -days 3650 \
            -subj "/O=dirauth/CN=dirauth test CA (TEST ONLY)" -out ca.pem
        openssl req -x509 -new -config openssl.cnf -extensions ca_ext -key wrong-ca.key -days 3650 \
            -subj "/O=dirauth/CN=dirauth unrelated CA (TEST ONLY, for negative tests)" -out wrong-ca.pem
        openssl req -new -config openssl.cnf -key server.key -subj "/O=dirauth/CN=localhost" -out server.csr
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 12)" \
            -days 3650 -extfile openssl.cnf -extensions server_ext -out server.pem 2>/dev/null
        rm -f server.csr
        chmod 0644 ca.pem wrong-ca.pem server.pem
    ) || { rm -rf "$tmp"; die "could not make the test certificates with openssl"; }
    mv "$tmp" "$tls_dir"
}

# The 0600 copies of the fixture private keys (ssh-add refuses 0644 files).
copy_keys() {
    mkdir -p "$keys_dir"
    local f
    for f in "$fixture_keys"/*; do
        case $f in
            *.pub) install -m 0644 "$f" "$keys_dir/" ;;
            *) install -m 0600 "$f" "$keys_dir/" ;;
        esac
    done
}

# Creates cn=config and the sample data, unless a complete instance exists.
ensure_instance() {
    [ -f "$slapd_dir/.complete" ] && return 0
    [ -d "$slapd_dir" ] && say "removing the incomplete instance in $slapd_dir"
    rm -rf "$slapd_dir"
    mkdir -p "$slapd_dir/slapd.d" "$slapd_dir/data"
    chmod 0700 "$slapd_dir"

    local len=${#socket}
    [ "$len" -lt 100 ] || die "the ldapi socket path $socket is $len bytes, longer than a unix socket allows; use a shorter DIRAUTH_RUN_DIR"

    local admin_pw dirauthd_pw replicator_pw admin_seed verifier_seed service_seed
    admin_pw=$(openssl rand -hex 16)
    dirauthd_pw=$(openssl rand -hex 16)
    replicator_pw=$(openssl rand -hex 16)
    admin_seed=$(new_seed)
    verifier_seed=$(new_seed)
    service_seed=$(new_seed)
    (
        umask 077
        cat >"$secrets_file" <<EOF
admin_password='$admin_pw'
dirauthd_password='$dirauthd_pw'
replicator_password='$replicator_pw'
demo_admin_seed='$admin_seed'
demo_verifier_seed='$verifier_seed'
demo_service_seed='$service_seed'
EOF
    )

    render "$ldif_dir/config.ldif.in" "$slapd_dir/config.ldif" \
        SLAPD_DIR "$slapd_dir" \
        TLS_DIR "$tls_dir" \
        LDIF_DIR "$ldif_dir" \
        SLAPD_LOGLEVEL "$loglevel" \
        ADMIN_PASSWORD_HASH "$(ssha "$admin_pw")"

    render "$ldif_dir/sample.ldif.in" "$slapd_dir/sample.ldif" \
        DIRAUTHD_PASSWORD_HASH "$(ssha "$dirauthd_pw")" \
        REPLICATOR_PASSWORD_HASH "$(ssha "$replicator_pw")" \
        ALICE_RSA_PUB "$(public_key alice_rsa)" \
        ALICE_ED25519_PUB "$(public_key alice_ed25519)" \
        BOB_ED25519_PUB "$(public_key bob_ed25519)" \
        CAROL_RSA_PUB "$(public_key carol_rsa)" \
        DEMO_ADMIN_SECRET_BASE64 "$(seed_base64 "$admin_seed")" \
        DEMO_VERIFIER_SECRET_BASE64 "$(seed_base64 "$verifier_seed")" \
        DEMO_SERVICE_SECRET_BASE64 "$(seed_base64 "$service_seed")"

    if ! slapadd -n0 -F "$slapd_dir/slapd.d" -l "$slapd_dir/config.ldif" >"$slapd_dir/slapadd.log" 2>&1; then
        sed 's/^/    /' "$slapd_dir/slapadd.log" >&2
        die "slapadd -n0 could not load cn=config from $slapd_dir/config.ldif"
    fi
    if ! slapadd -n1 -w -F "$slapd_dir/slapd.d" -l "$slapd_dir/sample.ldif" >>"$slapd_dir/slapadd.log" 2>&1; then
        sed 's/^/    /' "$slapd_dir/slapadd.log" >&2
        die "slapadd -n1 could not load the sample data from $slapd_dir/sample.ldif"
    fi
    touch "$slapd_dir/.complete"
    say "created a new instance in $slapd_dir"
}

write_env() {
    local pid=$1
    # shellcheck source=/dev/null
    source "$secrets_file"
    local tmp="$env_file.tmp.$$"
    {
        echo "# Written by scripts/directory.sh; the throwaway directory in $slapd_dir."
        echo "# Passwords and OTP seeds stay the same until 'scripts/directory.sh reset'."
        local kv
        for kv in \
            "DIRAUTH_LDAP_URI=$ldap_uri" \
            "DIRAUTH_LDAP_BASE_DN=$base_dn" \
            "DIRAUTH_LDAP_BIND_DN=$bind_dn" \
            "DIRAUTH_LDAP_BIND_PASSWORD=$dirauthd_password" \
            "DIRAUTH_LDAP_PEOPLE_BASE=ou=people,$base_dn" \
            "DIRAUTH_LDAP_GROUP_BASE=ou=groups,$base_dn" \
            "DIRAUTH_LDAP_OTP_BASE=ou=otp,$base_dn" \
            "DIRAUTH_LDAP_REALM_BASE=ou=realms,$base_dn" \
            "DIRAUTH_LDAP_CAPABILITY_BASE=ou=capabilities,$base_dn" \
            "DIRAUTH_LDAP_SERVICE_BASE=ou=services,$base_dn" \
            "DIRAUTH_LDAP_CA_FILE=$tls_dir/ca.pem" \
            "LDAP_WRONG_CA_FILE=$tls_dir/wrong-ca.pem" \
            "LDAPS_URI=$ldaps_uri" \
            "LDAPI_URI=$ldapi_uri" \
            "LDAP_ADMIN_DN=$admin_dn" \
            "LDAP_ADMIN_PASSWORD=$admin_password" \
            "LDAP_REPLICATOR_DN=$replicator_dn" \
            "LDAP_REPLICATOR_PASSWORD=$replicator_password" \
            "LDAP_PLACEHOLDER_DN=cn=placeholder,ou=services,$base_dn" \
            "LDAP_TOTP_PARAMS_DN=cn=totp-params,ou=otp,$base_dn" \
            "FIXTURE_KEYS=$keys_dir" \
            "DEMO_OTP_ADMIN=demo-admin:ungleich-admin:$demo_admin_seed" \
            "DEMO_OTP_VERIFIER=demo-verifier:ungleich-auth:$demo_verifier_seed" \
            "DEMO_OTP_SERVICE=demo-service:services:$demo_service_seed" \
            "SLAPD_PID=$pid" \
            "SLAPD_DIR=$slapd_dir" \
            "LDAP_PORT=$ldap_port" \
            "LDAPS_PORT=$ldaps_port"; do
            echo "${kv%%=*}=$(quote "${kv#*=}")"
        done
    } >"$tmp"
    chmod 0600 "$tmp"
    mv "$tmp" "$env_file"
}

stop_slapd() {
    local pid i
    if ! pid=$(running_pid); then
        rm -f "$pid_file"
        return 0
    fi
    kill -INT "$pid" 2>/dev/null || true
    kill -CONT "$pid" 2>/dev/null || true # a SIGSTOPped slapd must wake up to exit
    for ((i = 0; i < 200; i++)); do
        running_pid >/dev/null || break
        sleep 0.05
    done
    if running_pid >/dev/null; then
        say "slapd (pid $pid) did not stop within 10 s of SIGINT; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
        for ((i = 0; i < 100; i++)); do
            running_pid >/dev/null || break
            sleep 0.05
        done
        running_pid >/dev/null && die "slapd (pid $pid) survived SIGKILL"
    fi
    rm -f "$pid_file"
    say "stopped slapd (pid $pid)"
}

start_slapd() {
    local pid
    if pid=$(running_pid); then
        if [ "$(cat "$ports_file" 2>/dev/null)" = "$ldap_port $ldaps_port" ]; then
            copy_keys
            write_env "$pid"
            say "already running (pid $pid) on $ldap_uri"
            return 0
        fi
        say "slapd (pid $pid) runs on other ports ($(cat "$ports_file" 2>/dev/null)); restarting it on $ldap_port/$ldaps_port"
        stop_slapd
    fi
    rm -f "$pid_file"

    for p in "$ldap_port" "$ldaps_port"; do
        if port_in_use "$p"; then
            die "port $p is already in use (see 'ss -ltnp \"( sport = :$p )\"'); choose another with LDAP_PORT=/LDAPS_PORT="
        fi
    done

    ensure_tls
    ensure_instance
    copy_keys

    rm -f "$socket"
    echo "--- $(date -u +%FT%TZ) start on $ldap_port/$ldaps_port" >>"$log_file"
    # slapd must inherit nothing from whoever ran this script:
    # - no descriptors beyond 0-2: our lock (fd 9) would stay held, and callers
    #   such as Foundation's Process watch their child through an inherited
    #   socket and would wait for slapd's exit instead of this script's;
    # - no blocked signals: a caller's thread may block SIGINT/SIGTERM, and a
    #   spawned child inherits that mask (perl, which Debian always has, clears it);
    # - no terminal: setsid, so a Ctrl-C in the terminal that ran `make` does not
    #   reach it.
    # Each step execs, so $! is slapd's PID.
    (
        for fd in /proc/self/fd/*; do
            fd=${fd##*/}
            if [ "$fd" -gt 2 ]; then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        exec setsid perl -MPOSIX -e 'sigprocmask(SIG_SETMASK, POSIX::SigSet->new) or die "sigprocmask: $!"; exec { $ARGV[0] } @ARGV or die "exec slapd: $!"' \
            slapd -F "$slapd_dir/slapd.d" -h "$ldap_uri/ $ldaps_uri/ $ldapi_uri" -d 0
    ) </dev/null >>"$log_file" 2>&1 &
    pid=$!
    echo "$pid" >"$pid_file"
    echo "$ldap_port $ldaps_port" >"$ports_file"

    local i
    for ((i = 0; i < 200; i++)); do
        if ! kill -0 "$pid" 2>/dev/null; then
            log_tail
            die "slapd exited during start-up (see $log_file)"
        fi
        if ldapsearch -x -LLL -o nettimeout=1 -H "$ldap_uri" -s base -b "" namingContexts >/dev/null 2>&1; then
            running_pid >/dev/null || die "slapd answers but pid $pid is not this run dir's slapd"
            write_env "$pid"
            say "slapd running (pid $pid) on $ldap_uri, $ldaps_uri; settings in $env_file"
            return 0
        fi
        sleep 0.05
    done
    log_tail
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pid_file"
    die "slapd did not answer on $ldap_uri within 10 s"
}

status_slapd() {
    local pid
    if pid=$(running_pid); then
        echo "directory: running (pid $pid, ports $(cat "$ports_file" 2>/dev/null), $slapd_dir)"
        return 0
    fi
    echo "directory: not running ($slapd_dir)"
    return 1
}

command=${1:-}
case $command in
    start | stop | reset | status) ;;
    *)
        echo "usage: scripts/directory.sh start|stop|reset|status" >&2
        exit 2
        ;;
esac

# One command at a time per run dir.
exec 9>"$run_dir/.directory.lock"
flock 9

case $command in
    start) start_slapd ;;
    stop)
        if running_pid >/dev/null; then stop_slapd; else rm -f "$pid_file"; say "not running"; fi
        ;;
    reset)
        stop_slapd
        rm -rf "$slapd_dir"
        start_slapd
        ;;
    status) status_slapd ;;
esac
