#!/usr/bin/env bash
# make run: the sample directory, a debug build, and dirauthd in the foreground.
# Ctrl-C (or SIGTERM to make) stops dirauthd and the directory.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root=$(repo_root)
cd "$root"

scripts/directory.sh start
swift build --product dirauthd
mkdir -p .run
if [ ! -s .run/secret ]; then
    (umask 077 && openssl rand -hex 32 > .run/secret)
    echo "run: generated .run/secret" >&2
fi

load_env .run/directory.env
export DIRAUTH_LISTEN="127.0.0.1:${PORT:-8080}"
export DIRAUTH_SERVER_NAME="localhost"
export DIRAUTH_SECRET_FILE="$root/.run/secret"

bin=$(swift build --show-bin-path)/dirauthd
"$bin" &
pid=$!
stop() {
    trap - INT TERM EXIT
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    scripts/directory.sh stop
}
trap stop INT TERM EXIT
echo "run: dirauthd on http://$DIRAUTH_LISTEN (pid $pid); Ctrl-C stops it and the directory" >&2
wait "$pid"
