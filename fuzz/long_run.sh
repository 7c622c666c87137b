#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each, JOBS at a time, and appends one result line per
# target to RESULTS: the target, the time, and libFuzzer's final stats line (executions, cov,
# ft, corpus), plus the number of crash files.
#
#   fuzz/long_run.sh [SECONDS] [RESULTS]        (defaults: 600, fuzz/long_run_results.txt)
#   JOBS=1 TARGETS="jwk roundtrip" fuzz/long_run.sh 60 /tmp/results.txt
#
# Each run starts from a temporary copy of fuzz/corpus/<target>, so the checkout is not
# changed; set KEEP_CORPUS=1 to merge what the run found back into fuzz/corpus/<target>
# (with libFuzzer's -merge=1, which keeps only inputs that add coverage). Crash files are
# copied to fuzz/artifacts/<target>/ and printed as base64.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-600}"
results="${2:-fuzz/long_run_results.txt}"
jobs="${JOBS:-2}"
targets="${TARGETS:-untrusted_token verify_hs256 verify_es256 claims_policy jwk jwk_set pem_der roundtrip}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
cargo fuzz build --fuzz-dir fuzz
bin="fuzz/target/x86_64-unknown-linux-gnu/release"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

run_one() {
    local target="$1" dir="$work/$1"
    mkdir -p "$dir/corpus" "$dir/artifacts"
    cp fuzz/corpus/"$target"/* "$dir/corpus/" 2>/dev/null || true
    local status=0
    "$bin/$target" "$dir/corpus" -max_total_time="$seconds" -dict=fuzz/jwt.dict \
        -max_len=4096 -artifact_prefix="$dir/artifacts/" -print_final_stats=1 \
        >"$dir/log" 2>&1 || status=$?
    local stats crashes
    stats="$(grep -E '^#[0-9]+' "$dir/log" | tail -n 1 || true)"
    crashes="$(find "$dir/artifacts" -type f | wc -l)"
    printf '%s\t%ss\t%s\tcrashes: %s\texit: %s\n' \
        "$target" "$seconds" "${stats:-no stats}" "$crashes" "$status" >"$dir/result"
    if [ "$crashes" -gt 0 ]; then
        mkdir -p fuzz/artifacts/"$target"
        cp "$dir"/artifacts/* fuzz/artifacts/"$target"/
        for crash in "$dir"/artifacts/*; do
            echo "== $target: $(basename "$crash") (base64)"
            base64 <"$crash"
        done
        grep -A 20 -E 'panicked|ERROR: ' "$dir/log" | head -n 60 || true
    fi
    if [ "${KEEP_CORPUS:-0}" = 1 ]; then
        "$bin/$target" -merge=1 fuzz/corpus/"$target" "$dir/corpus" >/dev/null 2>&1
    fi
}

running=0
for target in $targets; do
    run_one "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n || true
        running=$((running - 1))
    fi
done
wait || true

{
    echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(git rev-parse --short HEAD) ${seconds}s per target"
    for target in $targets; do
        cat "$work/$target/result"
    done
} | tee -a "$results"
! grep -q -E 'crashes: [1-9]' <(for target in $targets; do cat "$work/$target/result"; done)
