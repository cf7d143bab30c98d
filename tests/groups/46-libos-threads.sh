#!/bin/bash
# musl pthreads on the LibOS: 32 threads with mutexes, condition variables,
# TLS and join, in one cVM; with the normal and the ASan/UBSan monitor;
# abort()/raise() ending a cVM with the right status and a report; and
# signals a program sends itself (tests/libos/signals.c), natively and in
# a cVM alike.
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
# 1,500 threads made and joined one after another by a cVM that a caller
# has called through a CAP Call, in both CAP Call modes (handoff: worker
# threads share its thread allowance): ended threads are reaped, so every
# create succeeds (the table holds 1,024).
if "$BIN/ivcc" -O2 -pthread "$ROOT/tests/libos/churn.c" -o "$T/churn" >"$T/build.log" 2>&1; then
    printf 'cVMs:\n  - {name: callee, runtime: churn, args: [1500], timeout: 60}\n  - {name: caller, runtime: churn, args: [call, callee], calls: [callee], timeout: 60}\n' >"$T/churn.yaml"
    for mode in migrate handoff; do
        (cd "$T" && IV_CAPCALL=$mode timeout 90 "$BIN/intravisor" up churn.yaml >"$T/out" 2>"$T/err"); rc=$?
        [ $rc -eq 0 ] && grep -q '^churn 1500 ok (called 1)$' "$T/out" && grep -q '^call 5$' "$T/out" &&
            pass "thread-churn-$mode" || fail "thread-churn-$mode" "status $rc: $(head -3 "$T/out" | tr '\n' ' ') $(tail -3 "$T/err" | tr '\n' ' ')"
    done
else
    fail thread-churn-build "$(head -3 "$T/build.log" | tr '\n' ' ')"
fi
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
# Signals a program sends itself: the same checks natively and in a cVM.
if gcc -O2 -Wall -Werror -pthread -I"$ROOT/tests/libos" "$ROOT/tests/libos/signals.c" -o "$T/sig.native" >"$T/build.log" 2>&1 &&
    "$BIN/ivcc" -O2 -Wall -Werror -pthread -I"$ROOT/tests/libos" "$ROOT/tests/libos/signals.c" -o "$T/sig" >>"$T/build.log" 2>&1; then
    timeout 60 "$T/sig.native" >"$T/nout" 2>&1
    n=$(grep -c '^PASS' "$T/nout")
    [ "$n" -ge 34 ] && ! grep -q '^FAIL' "$T/nout" && pass "signals-native ($n checks)" ||
        fail signals-native "$(grep -m3 '^FAIL' "$T/nout" | tr '\n' ' ')"
    timeout 60 "$BIN/intravisor" run --name sig "$T/sig" >"$T/out" 2>"$T/err"
    rc=$?
    grep -E '^(PASS|FAIL) ' "$T/out" | sed 's/^\(PASS\|FAIL\) sig-/\1 sig-cvm-/'
    [ $rc -eq 0 ] && [ "$(grep -c '^PASS' "$T/out")" -eq "$n" ] && pass signals-cvm-all-ran ||
        fail signals-cvm-all-ran "status $rc, $(grep -c '^PASS' "$T/out") of $n passed: $(head -2 "$T/err" | tr '\n' ' ')"
    # An alarm with no handler ends the program by SIGALRM, as natively.
    "$T/sig.native" alarm-default >/dev/null 2>&1; nrc=$?
    timeout 20 "$BIN/intravisor" run --name al "$T/sig" alarm-default >/dev/null 2>"$T/err"; rc=$?
    [ $nrc -eq 142 ] && [ $rc -eq 142 ] && grep -q 'cvm al: ended by signal 14' "$T/err" &&
        pass alarm-default-ends || fail alarm-default-ends "native $nrc, cVM $rc: $(head -2 "$T/err" | tr '\n' ' ')"
else
    fail signals-build "$(head -3 "$T/build.log" | tr '\n' ' ')"
fi
# Stopped from outside: SIGTERM to the monitor reaches a cVM that handles
# it (tests/libos/sigterm.c); one that does not is ended at once; a second
# SIGTERM, or the grace (IV_STOP_GRACE), ends the rest.
if "$BIN/ivcc" -O2 "$ROOT/tests/libos/sigterm.c" -o "$T/term" >"$T/build.log" 2>&1; then
    # stop MODE [SIGNALS] [LATE-INPUT]: runs `run term MODE` with stdin a
    # FIFO held open, sends SIGTERM once ready (twice if SIGNALS is 2),
    # writes LATE-INPUT after it; prints "status, seconds after the signal".
    stop() {
        rm -f "$T/fifo" && mkfifo "$T/fifo"
        exec 7<>"$T/fifo"
        # (not under `timeout`, which passes its SIGTERM on twice: to the
        # program and to its process group)
        IV_STOP_GRACE=2 "$BIN/intravisor" run --timeout 30 --name st "$T/term" "$1" <"$T/fifo" >"$T/sout" 2>"$T/serr" &
        local pid=$! i
        for i in $(seq 100); do grep -q ready "$T/sout" 2>/dev/null && break; sleep 0.05; done
        local t0=$(date +%s.%N)
        kill -TERM "$pid"
        [ "${2:-1}" = 2 ] && sleep 0.2 && kill -TERM "$pid"
        [ -n "${3:-}" ] && sleep 0.3 && echo "$3" >&7
        wait "$pid"
        local rc=$?
        exec 7>&-
        echo "$rc $(echo "$(date +%s.%N) - $t0" | bc)"
    }
    read -r rc dt < <(stop read)
    [ "$rc" = 0 ] && grep -q 'read -1 errno 4 signal 15' "$T/sout" && grep -q 'cvm st: SIGTERM passed on' "$T/serr" &&
        pass sigterm-handler-interrupts-read || fail sigterm-handler-interrupts-read "status $rc: $(cat "$T/sout" "$T/serr" | tr '\n' ' ')"
    read -r rc dt < <(stop restart 1 late)
    [ "$rc" = 0 ] && grep -q 'read 5 errno 0 signal 15' "$T/sout" &&
        pass sigterm-sa-restart-read-goes-on || fail sigterm-sa-restart-read-goes-on "status $rc: $(cat "$T/sout" "$T/serr" | tr '\n' ' ')"
    read -r rc dt < <(stop default)
    [ "$rc" = 143 ] && [ "$(echo "$dt < 1.5" | bc)" = 1 ] && grep -q 'killed by SIGTERM' "$T/serr" &&
        pass sigterm-default-ends-at-once || fail sigterm-default-ends-at-once "status $rc after $dt s: $(cat "$T/serr" | tr '\n' ' ')"
    read -r rc dt < <(stop spin)
    [ "$rc" = 143 ] && [ "$(echo "$dt >= 1.8 && $dt < 10" | bc)" = 1 ] && grep -q 'still running after SIGTERM' "$T/serr" &&
        pass sigterm-grace-ends-a-busy-cvm || fail sigterm-grace-ends-a-busy-cvm "status $rc after $dt s: $(cat "$T/serr" | tr '\n' ' ')"
    read -r rc dt < <(stop sigwait)
    [ "$rc" = 0 ] && grep -q 'sigwait 15' "$T/sout" &&
        pass sigterm-sigwait-takes-it || fail sigterm-sigwait-takes-it "status $rc: $(cat "$T/sout" "$T/serr" | tr '\n' ' ')"
    read -r rc dt < <(stop ignore 2)
    [ "$rc" = 143 ] && [ "$(echo "$dt < 1.5" | bc)" = 1 ] &&
        pass sigterm-twice-ends-at-once || fail sigterm-twice-ends-at-once "status $rc after $dt s: $(cat "$T/serr" | tr '\n' ' ')"
else
    fail sigterm-build "$(head -3 "$T/build.log" | tr '\n' ' ')"
fi
