#!/bin/bash
# run.sh NAME SECONDS: runs the libFuzzer harness build/fuzz/bin/NAME for
# SECONDS on its committed corpus (tests/fuzz/corpus/NAME, read-only) plus
# the inputs it found before (build/fuzz/corpus/NAME, where new ones go).
# A crash or a finding leaves its input in build/fuzz/artifacts/ and the
# exit status non-zero; the last lines of libFuzzer's log are printed.
# Options for the harness: FUZZ_JOBS (parallel workers, default 1);
# FUZZ_RUNS=N with FUZZ_SEED=S makes the run deterministic (N inputs from
# seed S, SECONDS only a cap), as make test wants: a test must not fail
# because a faster machine explored further.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
name=$1 secs=$2
FB=$ROOT/build/fuzz
mkdir -p "$FB/corpus/$name" "$FB/artifacts" "$FB/log"
case $name in
    fuzz_verifier) maxlen=65536 ;;
    *) maxlen=16384 ;;
esac
log=$FB/log/$name.log
# fuzz_config: a real cVM image for the validator's image checks, if built
# (tests/fuzz/hcfuzz.sh builds the canary).
if [ "$name" = fuzz_config ] && [ -z "${IV_FUZZ_IMAGE:-}" ] && [ -x "$ROOT/build/hcfuzz/hccanary" ]; then
    export IV_FUZZ_IMAGE=$ROOT/build/hcfuzz/hccanary
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
det=()
[ -n "${FUZZ_RUNS:-}" ] && det=(-runs="$FUZZ_RUNS" -seed="${FUZZ_SEED:-1}")
"$FB/bin/$name" "${det[@]}" -max_total_time="$secs" -max_len=$maxlen -timeout=25 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$FB/artifacts/$name-" \
    "$FB/corpus/$name" "$ROOT/tests/fuzz/corpus/${name#fuzz_}" >"$log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1)
echo "INFO $name: ${runs:-?} runs in ${secs}s, ${cov:-cov: ?}, exit $rc (log $log)"
if [ $rc -ne 0 ]; then
    grep -E 'ERROR|DISAGREEMENT|REFUSED|SUMMARY|Test unit written|rw_rewrite' "$log" | head -20
    tail -30 "$log"
fi
exit $rc
