#!/usr/bin/env bash
# make fuzz: builds the libFuzzer targets (Fuzz/README.md) with their own scratch path and runs
# each on a temporary copy of its committed seed corpus (Fuzz/Corpus/<Target>), so nothing new is
# written into the repository. FUZZ_SECONDS per target (default 60); FUZZ_SMOKE=1 is the short
# run `make test` makes (FUZZ_SMOKE_RUNS executions each, default 20000); FUZZ_TARGETS picks
# targets. A crash leaves its input in .run/fuzz/<Target>/ and fails the script.
set -euo pipefail
export SWIFT_BACKTRACE=enable=no  # the Swift backtracer would hide the trap from libFuzzer
# Swift keeps globals and runtime metadata caches alive until exit: no leak report at exit.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
cd "$(dirname "$0")/.."

targets=${FUZZ_TARGETS:-"FuzzCRTAuth FuzzSSHKeys FuzzOTP FuzzLDAP FuzzAPI"}
scratch=.build-fuzz
flags=(-c release -Xswiftc -DDIRAUTH_FUZZ -Xswiftc -sanitize=fuzzer,address --scratch-path "$scratch")

start=$(date +%s)
for target in $targets; do
    mkdir -p .run/fuzz
    if ! swift build "${flags[@]}" --product "$target" >.run/fuzz/build.log 2>&1; then
        cat .run/fuzz/build.log >&2
        echo "fuzz: build of $target failed" >&2
        exit 1
    fi
done
echo "fuzz: build took $(($(date +%s) - start)) s"
bin=$(swift build "${flags[@]}" --show-bin-path)

failed=()
for target in $targets; do
    work=$(mktemp -d)
    cp -r "Fuzz/Corpus/$target" "$work/corpus"
    artifacts=".run/fuzz/$target"
    mkdir -p "$artifacts"
    if [ "${FUZZ_SMOKE:-0}" = 1 ]; then
        limit=(-runs="${FUZZ_SMOKE_RUNS:-20000}")
    else
        limit=(-max_total_time="${FUZZ_SECONDS:-60}")
    fi
    echo "== fuzz $target (${limit[*]})"
    if "$bin/$target" "${limit[@]}" -max_len=4096 -timeout=10 -detect_leaks=0 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$work/corpus" >"$work/log" 2>&1; then
        grep -E "^(stat::number_of_executed_units|stat::average_exec_per_sec|Done)" "$work/log" || true
    else
        tail -n 40 "$work/log" >&2
        failed+=("$target")
    fi
    rm -rf "$work"
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: FAILED: ${failed[*]} (inputs in .run/fuzz/)" >&2
    exit 1
fi
echo "fuzz: all targets ran without a crash"
