# Shared shell helpers for dirauth's scripts. Source it; do not run it.

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd; }

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# load_env FILE: exports every KEY='value' line of FILE into the environment.
load_env() {
    set -a
    # shellcheck disable=SC1090
    . "$1"
    set +a
}

# wait_http URL SECONDS: polls URL until it answers (any status), or fails.
wait_http() {
    local url=$1 deadline=$((SECONDS + $2))
    until curl -s -o /dev/null "$url"; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.1
    done
}
