#!/usr/bin/env bash
# make bench / make bench-quick: release build, then bench/bench.py (own slapd instances under
# .run/bench/, release dirauthd, the reference crtauth under gunicorn, wrk), which prints the
# tables and writes BENCHMARKS.md. BENCH_QUICK=1: short runs. Never fails because a target is missed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

for tool in wrk taskset slapd slapadd ldapmodify python3; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (make deps)" >&2; exit 1; }
done
scripts/venv.sh   # the reference crtauth 0.99.4 + gunicorn in .run/venv

echo "bench: release build (swift build -c release)" >&2
swift build -c release --product dirauthd
swift build -c release --product dirauth-bench
bin=$(swift build -c release --show-bin-path)

mkdir -p .run/bench
BENCH_BIN="$bin" exec python3 bench/bench.py
