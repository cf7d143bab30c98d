#!/bin/bash
# Differential check of the verifier (tests/difftest/): hand-written
# snippets, the seed corpus, random, instruction-shaped and mutated inputs go
# through iv_verify_code(); whatever it accepts must also be accepted by
# capcheck, an independent checker of docs/sfi.md on Capstone.  A bounded
# run with a fixed seed, one with a time-derived seed (printed, replayable
# with `difftest --seed S`), and a smaller one with the ASan/UBSan build of
# the verifier.  `make fuzz` runs the long version.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

DT=$BIN/difftest
DTSAN=$SANBIN/difftest
# make test builds both; build them here when the group runs alone.
[ -x "$DT" ] || make -s "$DT" >/dev/null 2>&1
[ -x "$DTSAN" ] || make -s BUILD=build/san SAN=1 "$DTSAN" >/dev/null 2>&1
if [ ! -x "$DT" ]; then
    fail difftest-build "cannot build $DT"
    exit 0
fi

# run TAG ARGS...: one difftest run; a crash (sanitizer report, signal) is
# a failure of its own, with the tail of the output kept for the log.
run() {
    local tag=$1; shift
    local out rc
    out=$("$@" 2>&1); rc=$?
    printf '%s\n' "$out" | grep -v '^DETAIL'
    if [ $rc -gt 1 ] || ! printf '%s\n' "$out" | grep -q '^\(PASS\|FAIL\) difftest-'; then
        fail "difftest-${tag}run" "exit status $rc: $(printf '%s\n' "$out" | tail -3 | tr '\n' ' ')"
    fi
    # details of failures (both decoders' view of the bundle) go to stderr
    printf '%s\n' "$out" | grep '^DETAIL' | head -60 >&2
}

# Fixed seed: reproducible, and the bulk of the cases.
run "" "$DT" --seed 1 --cats selftest,baseline,random --cases 200000
run "" "$DT" --seed 1 --cats biased --cases 30000
run "" "$DT" --seed 1 --cats mutated --cases 150000

# A new seed each run, to cover new ground over time.
seed=$(( $(date +%s%N) % 1000000007 ))
echo "INFO time-derived seed $seed"
run "timeseed-" "$DT" --seed "$seed" --tag timeseed- --cats random,biased,mutated --cases 20000

# The verifier under ASan/UBSan on hostile bytes.
if [ -x "$DTSAN" ]; then
    run "san-" "$DTSAN" --seed 2 --tag san- --cats selftest,baseline,random,biased,mutated --cases 5000
else
    fail difftest-san-build "cannot build $DTSAN"
fi
exit 0
