#!/usr/bin/env bash
# make demo-login: with `make run` up, log in as alice through a throwaway ssh-agent and call
# /v1/whoami with the token. Reads .run/directory.env (FIXTURE_KEYS); PORT defaults to 8080.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
root=$(repo_root)
cd "$root"

port=${PORT:-8080}
base="http://localhost:$port"

if [ ! -f .run/directory.env ]; then
    echo "demo-login: no .run/directory.env; start the server first with \`make run\` (in another terminal)" >&2
    exit 1
fi
load_env .run/directory.env
if ! curl -s -o /dev/null -m 2 "$base/healthz"; then
    echo "demo-login: nothing answers on $base; start the server first with \`make run\` (PORT=$port)" >&2
    exit 1
fi

echo "demo-login: building the dirauth CLI"
if ! build_log=$(swift build --product dirauth 2>&1); then
    echo "$build_log" >&2
    exit 1
fi
dirauth=$(swift build --show-bin-path)/dirauth

# A throwaway agent and a throwaway token cache: nothing of the user's is touched.
work=$(mktemp -d)
agent_pid=""
cleanup() {
    if [ -n "$agent_pid" ]; then kill "$agent_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

eval "$(ssh-agent -s -a "$work/agent.sock")" >/dev/null
agent_pid=$SSH_AGENT_PID
export XDG_CACHE_HOME="$work/cache"

# ssh-add refuses keys that others can read: use the 0600 copies of `directory.sh start`.
key="$FIXTURE_KEYS/alice_rsa"
chmod 600 "$key"
ssh-add -q "$key"

# Show each command and everything it prints (stdout and stderr, in order).
run() {
    echo
    echo "\$ ${*/#$dirauth/dirauth}"
    "$@" 2>&1
}

run ssh-add -l
run "$dirauth" keys
run "$dirauth" login "$base" --user alice
run "$dirauth" request "$base/v1/whoami" --user alice
echo
echo
echo "demo-login: the token was cached with mode $(stat -c %a "$XDG_CACHE_HOME"/dirauth/*.json) in a throwaway \$XDG_CACHE_HOME;"
echo "demo-login: stopping the throwaway ssh-agent (pid $agent_pid)"
