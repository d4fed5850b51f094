#!/usr/bin/env bash
# make test: installs what is missing, builds, starts a private slapd on free ports
# (so it runs beside `make run`), runs every suite, stops everything, and exits
# non-zero when anything failed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root=$(repo_root)
cd "$root"

scripts/venv.sh
scripts/lint.sh
swift build --build-tests

export DIRAUTH_TEST_RUN_DIR="${DIRAUTH_TEST_RUN_DIR:-$root/.run/test}"
mkdir -p "$DIRAUTH_TEST_RUN_DIR"
cleanup() {
    DIRAUTH_RUN_DIR="$DIRAUTH_TEST_RUN_DIR" scripts/directory.sh stop >/dev/null 2>&1 || true
    # Private instances of tests that were interrupted.
    for dir in "$DIRAUTH_TEST_RUN_DIR"/*/; do
        [ -f "$dir/slapd/slapd.pid" ] && DIRAUTH_RUN_DIR="$dir" scripts/directory.sh stop >/dev/null 2>&1 || true
    done
}
trap cleanup EXIT

LDAP_PORT=$(free_port) LDAPS_PORT=$(free_port) DIRAUTH_RUN_DIR="$DIRAUTH_TEST_RUN_DIR" scripts/directory.sh reset

failed=()
echo "== swift test"
# A hung test must fail the run, not stall CI: every suite has a generous bound.
timeout --kill-after=30 2400 swift test --skip-build || failed+=("swift test")

echo "== directory checks"
timeout --kill-after=30 600 scripts/test-directory.sh || failed+=("directory checks")

echo "== interop (real crtauth, pyotp)"
export DIRAUTHD_BIN="$(swift build --show-bin-path)/dirauthd"
export DIRAUTH_BIN="$(swift build --show-bin-path)/dirauth"
timeout --kill-after=30 1200 .run/venv/bin/pytest -q Tests/Interop || failed+=("interop")

echo "== fuzz smoke (each libFuzzer target briefly, on a copy of its seed corpus)"
FUZZ_SMOKE=1 timeout --kill-after=30 1800 scripts/fuzz.sh || failed+=("fuzz smoke")

if [ ${#failed[@]} -gt 0 ]; then
    echo "make test: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "make test: all suites passed"
