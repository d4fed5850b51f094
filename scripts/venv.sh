#!/usr/bin/env bash
# Creates or updates the Python virtualenv for the interop tests at <repo>/.run/venv.
#
# Debian's python3 is "externally managed", so everything goes into a venv. The
# requirements (Tests/Interop/requirements.txt, one package per line) are installed
# only when that file changed since the last successful install (stamp file), so
# this is quick and silent when up to date.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.run/venv"
req="$repo/Tests/Interop/requirements.txt"
stamp="$venv/.requirements.sha256"
python="${PYTHON:-python3}"

mkdir -p "$repo/.run"
exec 9>"$repo/.run/venv.lock"
flock 9  # several helpers may call this at once

if ! "$venv/bin/python" -c '' 2>/dev/null; then
    "$python" -m venv --clear "$venv"   # absent, or its interpreter is gone
fi

want="$( { "$venv/bin/python" -c 'import sys; print(sys.version)'; cat "$req"; } | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "venv: installing $(grep -cv '^\s*\(#\|$\)' "$req") requirements into $venv" >&2
    "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$req" >&2
    # crtauth's v0 protocol needs the stdlib xdrlib (deprecated in 3.11, removed in 3.13).
    # Vendoring it is not allowed; on Python >= 3.13 the v0 tests cannot run.
    "$venv/bin/python" -c 'import xdrlib' 2>/dev/null \
        || echo "venv: warning: this Python has no xdrlib; crtauth protocol v0 will not work" >&2
    echo "$want" > "$stamp"
fi
