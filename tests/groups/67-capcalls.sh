#!/bin/bash
# CAP Calls (docs/ipc.md): a thread of the caller runs an exported function
# inside the callee and comes back.  The cVM program and the deployments are
# in tests/capcalls/; the program's PASS/FAIL lines are passed on prefixed
# with the deployment's name, and the group checks statuses, fault reports
# and the summary table.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
IV=$BIN/intravisor
D=$ROOT/tests/capcalls
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if ! "$BIN/ivcc" -O2 -Wall -Werror -pthread "$D/cc.c" -o "$T/cc" >"$T/build.log" 2>&1; then
    fail capcalls-build "$(tail -5 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
pass capcalls-build
cp "$D"/*.yaml "$T/"

row() { grep -Eq "^  $2 +$3  $4" "$T/$1.err"; } # row NAME CVM STATUS RESULT: the summary table

# Every scenario runs on both call paths (docs/ipc.md "Two paths"): the
# migrating one, and the hand-off to a worker thread in the callee, forced
# with IV_CAPCALL whatever this machine's CPU would pick; its results are
# named "handoff-...".  The stress has fewer calls there: a
# hand-off crosses cores, which costs more than a migration when the cores
# are shared with other work.
scenarios() {
    MODE=$1 STRESS=$2
    export IV_CAPCALL=$MODE
    sed "s/stress, 1000000/stress, $STRESS/" "$T/stress.yaml" >"$T/stress-$MODE.yaml"
    up basic basic.yaml
    ok basic "[ $rc -eq 0 ] && [ \$(nfail basic) -eq 0 ] && [ \$(grep -c '^PASS' $T/basic.out) -ge 19 ] && has basic 'callee served: 0' out"

    up denied denied.yaml
    ok denied "[ $rc -eq 0 ] && has denied '^PASS not-granted-eacces' out"

    start=$(date +%s.%N)
    up stress stress-$MODE.yaml
    secs=$(echo "$(date +%s.%N) - $start" | bc)
    ok stress-8x$STRESS "[ $rc -eq 0 ] && has stress '^stress: 8 threads x $STRESS calls, 0 wrong' out && [ \$(nfail stress) -eq 0 ]"
    echo "# $MODE: 8 threads x $STRESS CAP calls: ${secs} s" >&2

    up nested nested.yaml
    ok nested-a-b-c "[ $rc -eq 0 ] && has nested '^PASS nested-a-b-c' out"

    up callback callback.yaml
    ok callback-a-b-a "[ $rc -eq 0 ] && has callback '^PASS callback-a-b-a' out && [ \$(nfail callback) -eq 0 ]"

    up regs regs.yaml
    ok registers-isolated "[ $rc -eq 0 ] && [ \$(nfail regs) -eq 0 ] && has regs '^PASS callee-sees-no-caller-registers' out &&
        has regs '^PASS caller-registers-kept' out"

    up fault fault.yaml
    ok callee-fault "[ $rc -eq 1 ] && [ \$(nfail fault) -eq 0 ] && has fault 'caller carries on' out &&
        has fault '^intravisor: cvm b: SIGSEGV \\(signal 11\\) in a CAP call from cvm a at pc image\\+0x[0-9a-f]+, fault address region\\+0x0\$' err &&
        row fault b 139 'fault SIGSEGV' && row fault a 0 'exited 0'"

    up exit exit.yaml
    ok callee-exit "[ $rc -eq 1 ] && [ \$(nfail exit) -eq 0 ] && row exit b 5 'exited 5' && row exit a 0 'exited 0'"

    up spin spin.yaml
    ok callee-killed-in-call "[ $rc -eq 1 ] && [ \$(nfail spin) -eq 0 ] && row spin b 124 'timeout' && row spin a 0 'exited 0'"

    up ended ended.yaml
    ok ended-callee "[ $rc -eq 0 ] && [ \$(nfail ended) -eq 0 ] && has ended '^PASS ended-callee-epipe' out &&
        has ended '^PASS ended-import-epipe' out"

    up faultself faultself.yaml
    ok caller-fault "[ $rc -eq 1 ] && row faultself a 139 'fault SIGSEGV' && row faultself a2 0 'exited 0' && row faultself b 0 'exited 0' &&
        [ \$(nfail faultself) -eq 0 ]"

    up hostile hostile.yaml
    ok hostile-context "[ $rc -eq 1 ] && [ \$(nfail hostile) -eq 0 ] && has hostile '^PASS caller-memory-intact' out &&
        row hostile b 139 'fault SIGSEGV' && row hostile a 0 'exited 0'"

    up nap nap.yaml
    ok caller-ended-during-call "[ $rc -eq 1 ] && [ \$(nfail nap) -eq 0 ] && has nap '^nap: slept 500 ms\$' out &&
        row nap a 124 'timeout' && row nap b 0 'exited 0'"

    up many many.yaml
    ok many-callers "[ $rc -eq 0 ] && [ \$(nfail many) -eq 0 ] && [ \$(grep -c '^stress: 8 threads x 5000 calls, 0 wrong' $T/many.out) -eq 4 ] &&
        [ \$(grep -c '^PASS nested-a-b-c' $T/many.out) -eq 3 ]"

    # SIGTERM while a's thread spins inside b: both end, with the summary.
    (cd "$T" && exec "$IV" up sigterm.yaml >"$T/sigterm.out" 2>"$T/sigterm.err" </dev/null) &
    pid=$!
    sleep 1
    kill -TERM $pid
    wait $pid
    rc=$?
    last=sigterm
    ok sigterm-during-call "[ $rc -ne 0 ] && row sigterm b 143 'stopped \\(SIGTERM\\)' && row sigterm a 143 'stopped \\(SIGTERM\\)'"
    unset IV_CAPCALL
}
scenarios migrate 1000000
# The x87 scrub's other two ways (docs/monitor.md "Transitions"), forced:
# fninit (machines without XSAVE) and an XRSTOR on every call (without
# XGETBV(1)); both paths.
for scrub in fninit xrstor; do
    for mode in migrate handoff; do
        (cd "$T" && IV_CAPCALL=$mode IV_FP_SCRUB=$scrub "$IV" up regs.yaml >"$T/regs-$scrub.out" 2>"$T/regs-$scrub.err")
        rc=$? last=regs-$scrub
        ok registers-isolated-$scrub-scrub-$mode "[ $rc -eq 0 ] && [ \$(grep -c '^FAIL' $T/regs-$scrub.out) -eq 0 ] &&
            [ \$(grep -c '^PASS' $T/regs-$scrub.out) -ge 8 ] && has regs-$scrub '^PASS callee-sees-no-caller-x87' out"
    done
done
scenarios handoff 100000 | sed -E 's/^(PASS|FAIL) /\1 handoff-/'

# Hand-off only.  The caller is still spinning (a 1 s budget) when the
# callee's timeout (0.5 s) ends it inside the call.
sed 's/timeout: 1}/timeout: 0.5}/' "$T/spin.yaml" >"$T/spinkill.yaml"
export IV_CAPCALL=handoff IV_CAPCALL_SPIN_NS=1000000000
up spinkill spinkill.yaml
ok handoff-callee-killed-while-caller-spins "[ $rc -eq 1 ] && [ \$(nfail spinkill) -eq 0 ] && row spinkill b 124 'timeout' &&
    row spinkill a 0 'exited 0'"
unset IV_CAPCALL_SPIN_NS
# Workers are host threads charged to the callee's share of threads: with
# room for two (threads: 2: its main thread, and the LibOS's first one,
# joined at once), eight concurrent callers still get every call right (the
# calls that find no worker migrate).
sed 's/args: \[callee\]}/args: [callee], threads: 2}/' "$T/stress-handoff.yaml" >"$T/stress-share.yaml"
up share stress-share.yaml
ok handoff-workers-within-share "[ $rc -eq 0 ] && has share '^stress: 8 threads x 100000 calls, 0 wrong' out && [ \$(nfail share) -eq 0 ]"
unset IV_CAPCALL
(cd "$T" && IV_CAPCALL=bogus "$IV" up basic.yaml >"$T/bogus.out" 2>"$T/bogus.err")
rc=$? last=bogus
ok capcall-mode-checked "[ $rc -eq 2 ] && has bogus '^intravisor: IV_CAPCALL=bogus: expected auto, migrate or handoff\$' err"

# The example: a key-value service and two clients (examples/cap_call).
if "$BIN/ivcc" -O2 -Wall -Wextra -Werror "$ROOT/examples/cap_call/kv.c" -o "$T/kv" >"$T/ex.log" 2>&1; then
    sed 's#runtime: .*/kv$#runtime: kv#' "$ROOT/examples/cap_call/cap_call.yaml" >"$T/example.yaml"
    for MODE in migrate handoff; do
        IV_CAPCALL=$MODE up example example.yaml
        ok example-kv-$MODE "[ $rc -eq 0 ] && has example '^client 0: stored 1000 keys, read back 1000 correct, missing key: ENOENT' out &&
            has example '^client 1: stored 1000 keys, read back 1000 correct, missing key: ENOENT' out &&
            has example '^kv: clients gone after 2000 puts and 2002 gets; 2000 keys stored' out"
    done
else
    fail example-build "$(tail -3 "$T/ex.log" | tr '\n' ' ')"
fi

# The same paths under AddressSanitizer/UBSan (the monitor's call and
# unwinding code).
if [ -x "$SANBIN/intravisor" ]; then
    export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
    for s in basic fault callback spin hostile handoff-basic handoff-fault handoff-nap; do
        cp "$T/${s#handoff-}.yaml" "$T/san-$s.yaml"
        [ "$s" = "${s#handoff-}" ] && export IV_CAPCALL=migrate || export IV_CAPCALL=handoff
        up "san-$s" "san-$s.yaml" "$SANBIN/intravisor" >/dev/null
        ok "san-$s" "! grep -q 'Sanitizer\\|runtime error' $T/san-$s.err && [ \$(nfail san-$s) -eq 0 ] && { [ $rc -eq 0 ] || [ $rc -eq 1 ]; }"
    done
    unset IV_CAPCALL
else
    fail capcalls-san "no sanitizer build at $SANBIN (make san-tools)"
fi
