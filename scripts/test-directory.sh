#!/usr/bin/env bash
# Checks scripts/directory.sh and the sample directory against a real slapd:
# lifecycle (start twice, status, stop, reset, kill, SIGSTOP, two instances),
# the layout, ACLs per identity, memberOf, TLS (StartTLS, ldaps, wrong CA),
# ldapi EXTERNAL, writes by dirauthd, compare-and-swap, syncrepl, size limits.
#
# Starts its own instances in a temporary run dir on free ports and stops them.
# Prints "N passed, M failed" last; exits non-zero when anything failed.
set -uo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
directory="$repo/scripts/directory.sh"

passed=0
failed=0

ok() {
    passed=$((passed + 1))
    echo "ok   - $1"
}

not_ok() {
    failed=$((failed + 1))
    echo "FAIL - $1"
    [ $# -lt 2 ] || printf '%s\n' "$2" | head -n 15 | sed 's/^/       /'
}

# check DESCRIPTION COMMAND...: passes when COMMAND exits 0.
check() {
    local what=$1 out
    shift
    if out=$("$@" 2>&1); then ok "$what"; else not_ok "$what" "$out"; fi
}

# check_rc DESCRIPTION RC COMMAND...: passes when COMMAND exits with RC.
check_rc() {
    local what=$1 want=$2 out rc
    shift 2
    out=$("$@" 2>&1)
    rc=$?
    if [ "$rc" -eq "$want" ]; then ok "$what"; else not_ok "$what (exit $rc, wanted $want)" "$out"; fi
}

# check_fails DESCRIPTION COMMAND...: passes when COMMAND exits non-zero.
check_fails() {
    local what=$1 out
    shift
    if out=$("$@" 2>&1); then not_ok "$what (succeeded, should fail)" "$out"; else ok "$what"; fi
}

# check_eq DESCRIPTION ACTUAL EXPECTED
check_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:      $(printf '%q' "$2")
expected: $(printf '%q' "$3")"; fi
}

# check_contains DESCRIPTION HAYSTACK NEEDLE
check_contains() {
    if [[ $2 == *"$3"* ]]; then ok "$1"; else not_ok "$1 (no '$3')" "$2"; fi
}

# check_lacks DESCRIPTION HAYSTACK NEEDLE
check_lacks() {
    if [[ $2 != *"$3"* ]]; then ok "$1"; else not_ok "$1 (has '$3')" "$2"; fi
}

# Sets free_port to the first of two consecutive free loopback ports that this
# script has not handed out before (no subshell: used_ports must persist).
used_ports=" "
free_port=""
pick_port_pair() {
    local p i
    for ((i = 0; i < 200; i++)); do
        p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        [[ $used_ports == *" $p "* || $used_ports == *" $((p + 1)) "* ]] && continue
        [ -z "$(ss -Hltn "( sport = :$p or sport = :$((p + 1)) )")" ] || continue
        used_ports+="$p $((p + 1)) "
        free_port=$p
        return 0
    done
    echo "test-directory: no free port pair found" >&2
    exit 1
}

# Gone, or a zombie waiting for its new parent to reap it.
process_gone() {
    [ ! -e "/proc/$1" ] || [ "$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

tmp=$(mktemp -d /tmp/dirauth-dirtest.XXXXXX)
run_a="$tmp/a"
run_b="$tmp/b"
run_c="$tmp/c"
pick_port_pair
port_a=$free_port
pick_port_pair
port_b=$free_port

cleanup() {
    DIRAUTH_RUN_DIR=$run_a "$directory" stop >/dev/null 2>&1
    DIRAUTH_RUN_DIR=$run_b "$directory" stop >/dev/null 2>&1
    DIRAUTH_RUN_DIR=$run_c "$directory" stop >/dev/null 2>&1
    [ -n "${sync_pid:-}" ] && kill "$sync_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

# load_env exports LDAP_PORT/LDAPS_PORT of instance a: always pass both.
dir_a() { DIRAUTH_RUN_DIR=$run_a LDAP_PORT=$port_a LDAPS_PORT=$((port_a + 1)) "$directory" "$@"; }
dir_b() { DIRAUTH_RUN_DIR=$run_b LDAP_PORT=$port_b LDAPS_PORT=$((port_b + 1)) "$directory" "$@"; }

load_env() {
    set -a
    # shellcheck source=/dev/null
    source "$run_a/directory.env"
    set +a
}

# ---------------------------------------------------------------- lifecycle ---

check "start creates and starts an instance" dir_a start
check "directory.env exists" test -f "$run_a/directory.env"
load_env
first_pid=$SLAPD_PID
first_password=$DIRAUTH_LDAP_BIND_PASSWORD

missing=""
for key in DIRAUTH_LDAP_URI DIRAUTH_LDAP_BASE_DN DIRAUTH_LDAP_BIND_DN DIRAUTH_LDAP_BIND_PASSWORD \
    LDAP_ADMIN_DN LDAP_ADMIN_PASSWORD DIRAUTH_LDAP_PEOPLE_BASE DIRAUTH_LDAP_GROUP_BASE DIRAUTH_LDAP_OTP_BASE \
    DIRAUTH_LDAP_REALM_BASE DIRAUTH_LDAP_CAPABILITY_BASE DIRAUTH_LDAP_SERVICE_BASE FIXTURE_KEYS \
    DEMO_OTP_ADMIN DEMO_OTP_VERIFIER DEMO_OTP_SERVICE DIRAUTH_LDAP_CA_FILE LDAP_WRONG_CA_FILE LDAPS_URI \
    LDAPI_URI LDAP_REPLICATOR_DN LDAP_REPLICATOR_PASSWORD SLAPD_PID SLAPD_DIR LDAP_PORT LDAPS_PORT; do
    grep -q "^$key='.\+'$" "$run_a/directory.env" || missing+=" $key"
done
check_eq "directory.env has every key as KEY='value'" "$missing" ""
check_lacks "directory.env has no export" "$(cat "$run_a/directory.env")" "export"
check_eq "DIRAUTH_LDAP_URI is on the requested port" "$DIRAUTH_LDAP_URI" "ldap://127.0.0.1:$port_a"
check_eq "LDAPS_PORT defaults to LDAP_PORT+1" "$LDAPS_PORT" "$((port_a + 1))"
check_eq "slapd.pid records the PID" "$(cat "$SLAPD_DIR/slapd.pid")" "$SLAPD_PID"

check "start again while running succeeds" dir_a start
load_env
check_eq "start again keeps the same slapd" "$SLAPD_PID" "$first_pid"
check_eq "start again keeps the passwords" "$DIRAUTH_LDAP_BIND_PASSWORD" "$first_password"
check_rc "status says running (exit 0)" 0 dir_a status

for seed_var in DEMO_OTP_ADMIN DEMO_OTP_VERIFIER DEMO_OTP_SERVICE; do
    seed=${!seed_var##*:}
    check "$seed_var seed is 32 base32 characters" test "$(grep -cE '^[A-Z2-7]{32}$' <<<"$seed")" = 1
done
check_eq "DEMO_OTP_ADMIN name and realm" "${DEMO_OTP_ADMIN%:*}" "demo-admin:ungleich-admin"
check_eq "DEMO_OTP_VERIFIER name and realm" "${DEMO_OTP_VERIFIER%:*}" "demo-verifier:ungleich-auth"
check_eq "DEMO_OTP_SERVICE name and realm" "${DEMO_OTP_SERVICE%:*}" "demo-service:services"

modes=$(stat -c '%n %a' "$FIXTURE_KEYS"/alice_rsa "$FIXTURE_KEYS"/alice_ed25519 "$FIXTURE_KEYS"/bob_ed25519 "$FIXTURE_KEYS"/carol_rsa 2>&1)
check_eq "fixture private keys are copied with mode 0600" "$(awk '{print $2}' <<<"$modes" | sort -u)" "600"
check "the copied keys are usable by ssh-keygen" ssh-keygen -y -f "$FIXTURE_KEYS/bob_ed25519"

out=$(DIRAUTH_RUN_DIR=$run_c LDAP_PORT=$port_a LDAPS_PORT=$((port_b + 1)) "$directory" start 2>&1)
rc=$?
check_eq "start on a port in use fails" "$rc" "1"
check_contains "the error names the port" "$out" "port $port_a"

check "a second instance starts beside the first" dir_b start
b_uri=$(grep '^DIRAUTH_LDAP_URI=' "$run_b/directory.env" | cut -d"'" -f2)
check "the second instance answers" ldapsearch -x -LLL -H "$b_uri" -s base -b "" namingContexts
check "the first instance still answers" ldapsearch -x -LLL -H "$DIRAUTH_LDAP_URI" -s base -b "" namingContexts
check "stop the second instance" dir_b stop
check_rc "status of the stopped instance (exit 1)" 1 dir_b status
check "stop when not running is fine" dir_b stop

# ------------------------------------------------------------------ helpers ---

admin() { "$@" -x -H "$DIRAUTH_LDAP_URI" -D "$LDAP_ADMIN_DN" -w "$LDAP_ADMIN_PASSWORD"; }
svc() { "$@" -x -H "$DIRAUTH_LDAP_URI" -D "$DIRAUTH_LDAP_BIND_DN" -w "$DIRAUTH_LDAP_BIND_PASSWORD"; }
repl() { "$@" -x -H "$DIRAUTH_LDAP_URI" -D "$LDAP_REPLICATOR_DN" -w "$LDAP_REPLICATOR_PASSWORD"; }
anon() { "$@" -x -H "$DIRAUTH_LDAP_URI"; }
bob_password="bob-test-password"
bob() { "$@" -x -H "$DIRAUTH_LDAP_URI" -D "uid=bob,$DIRAUTH_LDAP_PEOPLE_BASE" -w "$bob_password"; }
base=$DIRAUTH_LDAP_BASE_DN
admin_otp="cn=demo-admin+ou=ungleich-admin,$DIRAUTH_LDAP_OTP_BASE"
service_otp="cn=demo-service+ou=services,$DIRAUTH_LDAP_OTP_BASE"

# An ordinary bound user for the "users" ACL rows: give bob a password.
admin ldapmodify >/dev/null <<EOF
dn: uid=bob,$DIRAUTH_LDAP_PEOPLE_BASE
changetype: modify
replace: userPassword
userPassword: $bob_password
EOF

# ------------------------------------------------------------------- layout ---

dns=$(admin ldapsearch -LLL -o ldif-wrap=no -b "$base" '(objectClass=*)' 1.1 | grep '^dn:' | sort)
for dn in "ou=people" "ou=groups" "ou=otp" "ou=realms" "ou=capabilities" "ou=services" \
    "uid=alice,ou=people" "uid=bob,ou=people" "uid=carol,ou=people" \
    "cn=developers,ou=groups" "cn=operators,ou=groups" "cn=totp-params,ou=otp" \
    "cn=demo-admin+ou=ungleich-admin,ou=otp" "cn=demo-verifier+ou=ungleich-auth,ou=otp" \
    "cn=demo-service+ou=services,ou=otp" "cn=ungleich-admin,ou=realms" "cn=ungleich-auth,ou=realms" \
    "cn=services,ou=realms" "cn=create,ou=capabilities" "cn=delete,ou=capabilities" "cn=list,ou=capabilities" \
    "cn=update,ou=capabilities" "cn=verify,ou=capabilities" "cn=dirauthd,ou=services" \
    "cn=replicator,ou=services" "cn=placeholder,ou=services"; do
    check_contains "layout has $dn" "$dns" "dn: $dn,$base"
done

alice_keys=$(svc ldapsearch -LLL -o ldif-wrap=no -b "uid=alice,$DIRAUTH_LDAP_PEOPLE_BASE" -s base sshPublicKey | grep '^sshPublicKey:' | cut -d' ' -f2-)
check_eq "alice has her RSA key then her ed25519 key" "$alice_keys" \
    "$(cat "$repo/Tests/Fixtures/keys/alice_rsa.pub" "$repo/Tests/Fixtures/keys/alice_ed25519.pub")"
bob_keys=$(svc ldapsearch -LLL -o ldif-wrap=no -b "uid=bob,$DIRAUTH_LDAP_PEOPLE_BASE" -s base sshPublicKey | grep '^sshPublicKey:' | cut -d' ' -f2-)
check_eq "bob has his ed25519 key" "$bob_keys" "$(cat "$repo/Tests/Fixtures/keys/bob_ed25519.pub")"

stored=$(svc ldapsearch -LLL -o ldif-wrap=no -b "$service_otp" -s base oathSecret | sed -n 's/^oathSecret:: //p')
check_eq "oathSecret holds the raw bytes of DEMO_OTP_SERVICE's seed" "$stored" \
    "$(printf '%s' "${DEMO_OTP_SERVICE##*:}" | base32 -d | base64 -w 0)"
params=$(svc ldapsearch -LLL -b "cn=totp-params,$DIRAUTH_LDAP_OTP_BASE" -s base | sort)
check_contains "TOTP params: HMAC-SHA-1" "$params" "oathHMACAlgorithm: 1.2.840.113549.2.7"
check_contains "TOTP params: 6 digits" "$params" "oathOTPLength: 6"
check_contains "TOTP params: 30 s" "$params" "oathTOTPTimeStepPeriod: 30"
check_contains "TOTP params: window 1" "$params" "oathTOTPTimeStepWindow: 1"

# --------------------------------------------------------------------- ACLs ---

secret_filter='(oathSecret=*)'
count_secrets() { "$@" ldapsearch -LLL -b "$base" '(objectClass=oathTOTPToken)' oathSecret 2>/dev/null | grep -c '^oathSecret::'; }
check_eq "admin reads the 3 OTP secrets" "$(count_secrets admin)" "3"
check_eq "dirauthd reads the 3 OTP secrets" "$(count_secrets svc)" "3"
check_eq "the replicator reads the 3 OTP secrets" "$(count_secrets repl)" "3"
check_eq "anonymous reads no OTP secret" "$(count_secrets anon)" "0"
check_eq "a bound user (bob) reads no OTP secret" "$(count_secrets bob)" "0"
check_eq "a bound user cannot find entries by oathSecret" \
    "$(bob ldapsearch -LLL -b "$base" "$secret_filter" 1.1 2>/dev/null | grep -c '^dn:')" "0"
seed_b64=$(printf '%s' "${DEMO_OTP_ADMIN##*:}" | base32 -d | base64 -w 0)
check_rc "dirauthd may compare oathSecret (TRUE)" 6 svc ldapcompare "$admin_otp" "oathSecret::$seed_b64"
anon ldapcompare "$admin_otp" "oathSecret::$seed_b64" >/dev/null 2>&1
rc=$?
check "anonymous compare of oathSecret is refused (exit $rc)" test "$rc" -ne 5 -a "$rc" -ne 6
bob ldapcompare "$admin_otp" "oathSecret::$seed_b64" >/dev/null 2>&1
rc=$?
check "bob's compare of oathSecret is refused (exit $rc)" test "$rc" -ne 5 -a "$rc" -ne 6

count_passwords() { "$@" ldapsearch -LLL -b "$base" '(objectClass=*)' userPassword 2>/dev/null | grep -c '^userPassword'; }
check_eq "dirauthd reads no userPassword" "$(count_passwords svc)" "0"
check_eq "the replicator reads no userPassword" "$(count_passwords repl)" "0"
check_eq "bob reads no userPassword (not even his own)" "$(count_passwords bob)" "0"
check_eq "anonymous reads no userPassword" "$(count_passwords anon)" "0"
check_eq "a filter on userPassword finds nothing for dirauthd" \
    "$(svc ldapsearch -LLL -b "$base" '(userPassword=*)' 1.1 | grep -c '^dn:')" "0"
check "the password still works for binding (bob)" bob ldapwhoami
check_fails "a wrong password is refused" ldapwhoami -x -H "$DIRAUTH_LDAP_URI" -D "$DIRAUTH_LDAP_BIND_DN" -w wrong

check_rc "anonymous sees no data (noSuchObject)" 32 anon ldapsearch -LLL -b "$base" -s base
check "anonymous reads the root DSE" anon ldapsearch -LLL -b "" -s base namingContexts
check_eq "bob reads people" "$(bob ldapsearch -LLL -b "$DIRAUTH_LDAP_PEOPLE_BASE" '(uid=*)' 1.1 | grep -c '^dn:')" "3"
check_eq "bob sees no OTP entry" "$(bob ldapsearch -LLL -b "$base" '(objectClass=applicationProcess)' 1.1 | grep -c '^dn: .*ou=otp')" "0"
check_rc "bob cannot modify a group" 50 bob ldapmodify <<EOF
dn: cn=developers,$DIRAUTH_LDAP_GROUP_BASE
changetype: modify
add: member
member: uid=carol,$DIRAUTH_LDAP_PEOPLE_BASE
EOF

# ----------------------------------------------------------------- memberOf ---

memberof() { svc ldapsearch -LLL -o ldif-wrap=no -b "$1" -s base memberOf | sed -n 's/^memberOf: //p' | sort | tr '\n' ' '; }
check_eq "alice's memberOf: her groups" "$(memberof "uid=alice,$DIRAUTH_LDAP_PEOPLE_BASE")" \
    "cn=developers,ou=groups,$base cn=operators,ou=groups,$base "
check_eq "bob's memberOf" "$(memberof "uid=bob,$DIRAUTH_LDAP_PEOPLE_BASE")" "cn=developers,ou=groups,$base "
check_eq "ungleich-admin's memberOf: create, delete, list, update" "$(memberof "cn=ungleich-admin,$DIRAUTH_LDAP_REALM_BASE")" \
    "cn=create,ou=capabilities,$base cn=delete,ou=capabilities,$base cn=list,ou=capabilities,$base cn=update,ou=capabilities,$base "
check_eq "ungleich-auth's memberOf: verify" "$(memberof "cn=ungleich-auth,$DIRAUTH_LDAP_REALM_BASE")" "cn=verify,ou=capabilities,$base "
check_eq "the ordinary realm has no capability" "$(memberof "cn=services,$DIRAUTH_LDAP_REALM_BASE")" ""
check_contains "demo-verifier is in its realm" "$(memberof "cn=demo-verifier+ou=ungleich-auth,$DIRAUTH_LDAP_OTP_BASE")" \
    "cn=ungleich-auth,ou=realms,$base"
check_eq "memberOf works in filters" \
    "$(svc ldapsearch -LLL -b "$DIRAUTH_LDAP_OTP_BASE" "(memberOf=cn=ungleich-admin,ou=realms,$base)" 1.1 | grep '^dn:')" \
    "dn: $admin_otp"

# ---------------------------------------------------------------------- TLS ---

whoami_tls() { LDAPTLS_CACERT=$1 ldapwhoami -x -D "$DIRAUTH_LDAP_BIND_DN" -w "$DIRAUTH_LDAP_BIND_PASSWORD" -o nettimeout=5 "${@:2}"; }
check "StartTLS (-ZZ) with the test CA" whoami_tls "$DIRAUTH_LDAP_CA_FILE" -ZZ -H "$DIRAUTH_LDAP_URI"
check "StartTLS to localhost with the test CA" whoami_tls "$DIRAUTH_LDAP_CA_FILE" -ZZ -H "ldap://localhost:$LDAP_PORT"
check_fails "StartTLS fails with the wrong CA" whoami_tls "$LDAP_WRONG_CA_FILE" -ZZ -H "$DIRAUTH_LDAP_URI"
check "ldaps with the test CA" whoami_tls "$DIRAUTH_LDAP_CA_FILE" -H "$LDAPS_URI"
check "ldaps to localhost with the test CA" whoami_tls "$DIRAUTH_LDAP_CA_FILE" -H "ldaps://localhost:$LDAPS_PORT"
check_fails "ldaps fails with the wrong CA" whoami_tls "$LDAP_WRONG_CA_FILE" -H "$LDAPS_URI"

# ---------------------------------------------------------------- ldapi ------

check_eq "ldapi EXTERNAL who-am-I is root's peercred identity" \
    "$(ldapwhoami -Q -Y EXTERNAL -H "$LDAPI_URI" 2>&1)" "dn:gidNumber=0+uidNumber=0,cn=peercred,cn=external,cn=auth"
check "root manages cn=config over ldapi" ldapsearch -Q -LLL -Y EXTERNAL -H "$LDAPI_URI" -b cn=config -s base dn
check_rc "dirauthd cannot read cn=config" 32 svc ldapsearch -LLL -b cn=config -s base

# ------------------------------------------------------- writes by dirauthd ---

new_otp="cn=test-svc+ou=services,$DIRAUTH_LDAP_OTP_BASE"
check "dirauthd adds an OTP entry" svc ldapadd <<EOF
dn: $new_otp
objectClass: applicationProcess
objectClass: oathTOTPToken
objectClass: dirauthLockout
cn: test-svc
ou: services
oathSecret:: $(openssl rand 20 | base64 -w 0)
oathTOTPParams: cn=totp-params,$DIRAUTH_LDAP_OTP_BASE
oathTOTPLastTimeStep: 100
dirauthFailureCount: 0
EOF
check "dirauthd adds the entry to a realm group" svc ldapmodify <<EOF
dn: cn=services,$DIRAUTH_LDAP_REALM_BASE
changetype: modify
add: member
member: $new_otp
EOF
check_contains "the new entry's memberOf shows its realm" "$(memberof "$new_otp")" "cn=services,ou=realms,$base"
check "dirauthd adds a realm group with the placeholder member" svc ldapadd <<EOF
dn: cn=test-realm,$DIRAUTH_LDAP_REALM_BASE
objectClass: groupOfNames
cn: test-realm
member: cn=placeholder,ou=services,$base
EOF
check "dirauthd deletes that realm group" svc ldapdelete "cn=test-realm,$DIRAUTH_LDAP_REALM_BASE"
check_rc "dirauthd cannot change a person" 50 svc ldapmodify <<EOF
dn: uid=carol,$DIRAUTH_LDAP_PEOPLE_BASE
changetype: modify
replace: mail
mail: evil@example.org
EOF
check_rc "dirauthd cannot change a capability" 50 svc ldapmodify <<EOF
dn: cn=verify,$DIRAUTH_LDAP_CAPABILITY_BASE
changetype: modify
add: member
member: cn=services,$DIRAUTH_LDAP_REALM_BASE
EOF
check_rc "dirauthd cannot change the shared TOTP params" 50 svc ldapmodify <<EOF
dn: cn=totp-params,$DIRAUTH_LDAP_OTP_BASE
changetype: modify
replace: oathOTPLength
oathOTPLength: 8
EOF
check_rc "dirauthd cannot delete the ou=otp container" 50 svc ldapdelete "$DIRAUTH_LDAP_OTP_BASE"
check_rc "the replicator cannot write OTP entries" 50 repl ldapmodify <<EOF
dn: $service_otp
changetype: modify
replace: oathTOTPLastTimeStep
oathTOTPLastTimeStep: 1
EOF

# --------------------------------------------------------- compare-and-swap ---

cas() { # DN ATTR OLD NEW
    svc ldapmodify <<EOF
dn: $1
changetype: modify
delete: $2
$2: $3
-
add: $2
$2: $4
-
EOF
}
check "CAS oathTOTPLastTimeStep 100 -> 101" cas "$new_otp" oathTOTPLastTimeStep 100 101
check_rc "CAS with a stale old value fails with noSuchAttribute" 16 cas "$new_otp" oathTOTPLastTimeStep 100 102
check_eq "the value is the one the winner wrote" \
    "$(svc ldapsearch -LLL -b "$new_otp" -s base oathTOTPLastTimeStep | sed -n 's/^oathTOTPLastTimeStep: //p')" "101"
check "CAS dirauthFailureCount 0 -> 1" cas "$new_otp" dirauthFailureCount 0 1
check_rc "CAS dirauthFailureCount with a stale value fails" 16 cas "$new_otp" dirauthFailureCount 0 1
check "dirauthd sets dirauthLockedUntil" svc ldapmodify <<EOF
dn: $new_otp
changetype: modify
replace: dirauthLockedUntil
dirauthLockedUntil: 20300101000000Z
EOF
check "dirauthd removes the entry from its realm" svc ldapmodify <<EOF
dn: cn=services,$DIRAUTH_LDAP_REALM_BASE
changetype: modify
delete: member
member: $new_otp
EOF
check "dirauthd deletes the OTP entry" svc ldapdelete "$new_otp"

# ----------------------------------------------------------------- syncrepl ---

sync_out="$tmp/sync.out"
repl ldapsearch -LLL -o ldif-wrap=no -o nettimeout=5 -b "$base" -E '!sync=rp' '(objectClass=*)' '*' >"$sync_out" 2>&1 &
sync_pid=$!
for ((i = 0; i < 100; i++)); do
    grep -q "^dn: cn=placeholder" "$sync_out" 2>/dev/null && break
    sleep 0.05
done
check "refreshAndPersist: the refresh phase sends the entries" grep -q "^dn: $service_otp" "$sync_out"
svc ldapmodify >/dev/null <<EOF
dn: $service_otp
changetype: modify
replace: oathTOTPLastTimeStep
oathTOTPLastTimeStep: 424242
EOF
for ((i = 0; i < 100; i++)); do
    grep -q "^oathTOTPLastTimeStep: 424242" "$sync_out" 2>/dev/null && break
    sleep 0.05
done
check "refreshAndPersist: the persist phase sends a change" grep -q "^oathTOTPLastTimeStep: 424242" "$sync_out"
check "the sync session is still open" kill -0 "$sync_pid"
kill "$sync_pid" 2>/dev/null
wait "$sync_pid" 2>/dev/null
sync_pid=""
check_rc "refreshOnly as anonymous sees nothing" 32 anon ldapsearch -LLL -b "$base" -E '!sync=ro' '(objectClass=*)'

# ------------------------------------------------------------- size limits ---

bulk="$tmp/bulk.ldif"
for ((i = 0; i < 510; i++)); do
    printf 'dn: cn=bulk-%03d,%s\nobjectClass: groupOfNames\ncn: bulk-%03d\nmember: cn=placeholder,ou=services,%s\n\n' \
        "$i" "$DIRAUTH_LDAP_REALM_BASE" "$i" "$base"
done >"$bulk"
check "dirauthd adds 510 realm groups" svc ldapadd -f "$bulk"
check_rc "bob hits the default size limit of 500" 4 bob ldapsearch -LLL -b "$DIRAUTH_LDAP_REALM_BASE" '(cn=bulk-*)' 1.1
check_eq "dirauthd pages through all 510 without limit" \
    "$(svc ldapsearch -LLL -E pr=100/noprompt -b "$DIRAUTH_LDAP_REALM_BASE" '(cn=bulk-*)' 1.1 | grep -c '^dn:')" "510"
check_eq "dirauthd searches all 510 unpaged" \
    "$(svc ldapsearch -LLL -b "$DIRAUTH_LDAP_REALM_BASE" '(cn=bulk-*)' 1.1 | grep -c '^dn:')" "510"

# --------------------------------------------------- stop, restart, reset ---

ca_before=$(cat "$DIRAUTH_LDAP_CA_FILE")
check "stop" dir_a stop
check "slapd is gone after stop" process_gone "$first_pid"
check_eq "nothing listens on the port after stop" "$(ss -Hltn "( sport = :$port_a )")" ""
check_rc "status after stop (exit 1)" 1 dir_a status
check "start after stop" dir_a start
load_env
check_eq "data survives stop/start" \
    "$(svc ldapsearch -LLL -b "$service_otp" -s base oathTOTPLastTimeStep | sed -n 's/^oathTOTPLastTimeStep: //p')" "424242"
check_eq "passwords survive stop/start" "$DIRAUTH_LDAP_BIND_PASSWORD" "$first_password"

kill -KILL "$SLAPD_PID"
for ((i = 0; i < 100; i++)); do process_gone "$SLAPD_PID" && break; sleep 0.02; done
check_rc "status after SIGKILL (exit 1)" 1 dir_a status
check "start after SIGKILL (stale pid file)" dir_a start
load_env
check "the restarted slapd answers" svc ldapwhoami

kill -STOP "$SLAPD_PID"
check "stop a SIGSTOPped slapd" dir_a stop
check_rc "status after stopping the paused slapd (exit 1)" 1 dir_a status

check "reset while stopped starts fresh" dir_a reset
load_env
check "reset again while running" dir_a reset
load_env
check "start after reset" dir_a start
load_env
if [ "$DIRAUTH_LDAP_BIND_PASSWORD" != "$first_password" ]; then ok "reset makes new passwords"; else not_ok "reset makes new passwords"; fi
check_eq "reset wipes the data" \
    "$(svc ldapsearch -LLL -b "$service_otp" -s base oathTOTPLastTimeStep | sed -n 's/^oathTOTPLastTimeStep: //p')" ""
check_eq "reset keeps the test CA" "$(cat "$DIRAUTH_LDAP_CA_FILE")" "$ca_before"
check "stop at the end" dir_a stop

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
