#!/bin/bash
# musl pthreads on the LibOS: 32 threads with mutexes, condition variables,
# (and abort()/raise() ending a cVM with the right status and a report)
# TLS and join, in one cVM; with the normal and the ASan/UBSan monitor.
source "$(dirname "$0")/../lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if ! "$BIN/ivcc" -O2 "$ROOT/tests/libos/mt.c" -o "$T/mt" >"$T/build.log" 2>&1; then
    fail mt-build "$(head -3 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
for mon in "$BIN/intravisor" "$SANBIN/intravisor"; do
    tag=""; [ "$mon" = "$SANBIN/intravisor" ] && tag="-san"
    timeout 120 "$mon" run --name mt "$T/mt" >"$T/out" 2>"$T/err"
    rc=$?
    sed -E "s/^(PASS|FAIL) (.*)/\1 \2$tag/" "$T/out" | grep -E '^(PASS|FAIL) '
    [ $rc -eq 0 ] && pass "mt-exit-status$tag" || fail "mt-exit-status$tag" "status $rc: $(head -2 "$T/err" | tr '\n' ' ')"
    [ "$(grep -c '^PASS' "$T/out")" -eq 5 ] || fail "mt-all-checks-ran$tag" "$(wc -l <"$T/out") lines"
done
# abort()/raise(): the matching status and a report naming the cVM.
if "$BIN/ivcc" -O2 "$ROOT/tests/libos/abort.c" -o "$T/abort" >"$T/build.log" 2>&1; then
    "$BIN/intravisor" run --name ab "$T/abort" >"$T/out" 2>"$T/err"; rc=$?
    [ $rc -eq 134 ] && grep -q 'cvm ab: ended by signal 6' "$T/err" && ! grep -q after "$T/out" &&
        pass abort-status-and-report || fail abort-status-and-report "status $rc, $(cat "$T/err")"
    "$BIN/intravisor" run --name rs "$T/abort" raise >"$T/out" 2>"$T/err"; rc=$?
    [ $rc -eq 143 ] && grep -q 'cvm rs: ended by signal 15' "$T/err" &&
        pass raise-status-and-report || fail raise-status-and-report "status $rc, $(cat "$T/err")"
else
    fail abort-build "$(head -3 "$T/build.log" | tr '\n' ' ')"
fi
