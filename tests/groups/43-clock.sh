#!/bin/bash
# The clock page (docs/monitor.md "Clock page"): cVMs read CLOCK_MONOTONIC
# and CLOCK_REALTIME from a read-only page the monitor keeps, through the
# TSC, without a hostcall.  tests/clock/clock.c checks, in cVMs, that the
# clocks agree with the host's, never go backwards (within a thread and
# across threads), advance over sleeps that outlast a line, that a read is
# not a hostcall, and that the page cannot be written, remapped or unmapped;
# and the same with the page turned off (IV_CLOCK_PAGE=off: every read a
# hostcall).
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
IV=$BIN/intravisor
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if ! { gcc -O2 -Wall -Werror -pthread tests/clock/clock.c -o "$T/native" &&
    "$BIN/ivcc" -O2 -Wall -Werror -pthread tests/clock/clock.c -o "$T/clock"; } >"$T/build.log" 2>&1; then
    fail clock-build "$(head -5 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
pass clock-build
tsc=0
[ "$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)" = tsc ] && tsc=1
echo "# host clocksource: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource 2>/dev/null)" >&2

for mode in page off; do
    p=""
    [ $mode = off ] && p=off-
    export IV_CLOCK_PAGE=$mode
    # The cVM's clocks lie between the host's read just before and just after.
    read -r r1 m1 < <("$T/native" now)
    read -r rc mc < <("$IV" run "$T/clock" now 2>/dev/null)
    read -r r2 m2 < <("$T/native" now)
    ok ${p}realtime-matches-host "[ -n '$rc' ] && [ $r1 -le ${rc:-0} ] && [ ${rc:-0} -le $r2 ]"
    ok ${p}monotonic-matches-host "[ -n '$mc' ] && [ $m1 -le ${mc:-0} ] && [ ${mc:-0} -le $m2 ]"

    "$IV" run "$T/clock" monotonic 200000 4 >"$T/mono.out" 2>"$T/mono.err"
    rc=$? last=mono
    grep -E '^(PASS|FAIL) ' "$T/mono.out" | sed "s/^\(PASS\|FAIL\) /\1 $p/"
    ok ${p}monotonic-4-threads "[ $rc -eq 0 ] && [ \$(grep -c '^PASS' $T/mono.out) -eq 2 ]"

    "$IV" run "$T/clock" sleep 250 >"$T/sleep.out" 2>"$T/sleep.err"
    rc=$? last=sleep
    grep -E '^(PASS|FAIL) ' "$T/sleep.out" | sed "s/^\(PASS\|FAIL\) /\1 $p/"
    ok ${p}sleep-runs "[ $rc -eq 0 ] && [ \$(grep -c '^PASS' $T/sleep.out) -eq 2 ]"

    # Reads are hostcalls only to renew a line (every 100 ms, more often in
    # the first milliseconds): 400,000 reads take a handful.
    printf 'cVMs:\n  - {name: reads, runtime: clock, args: [reads, "200000"]}\n' >"$T/reads.yaml"
    (cd "$T" && "$IV" up --stats "$T/reads.json" reads.yaml >"$T/reads.out" 2>"$T/reads.err")
    rc=$? last=reads
    n=$(grep -o '"clock": *[0-9]*' "$T/reads.json" | grep -o '[0-9]*$')
    echo "# $mode: 400000 clock reads took ${n:-?} clock hostcalls" >&2
    if [ $mode = page ] && [ $tsc = 1 ]; then
        ok reads-without-hostcalls "[ $rc -eq 0 ] && [ -n '$n' ] && [ ${n:-999999} -lt 1000 ]"
    elif [ $mode = page ]; then
        echo "SKIP reads-without-hostcalls: the host's clocksource is not tsc, so there is no line (every read asks the monitor)"
    else
        ok off-every-read-a-hostcall "[ $rc -eq 0 ] && [ ${n:-0} -ge 400000 ]"
    fi
done
unset IV_CLOCK_PAGE

# CPU-time clocks, times() and getrusage: the same checks natively (the
# reference) and in a cVM.
"$T/native" cpu | sed 's/^\(PASS\|FAIL\) /\1 native-/'
"$IV" run "$T/clock" cpu >"$T/cpu.out" 2>"$T/cpu.err"
rc=$? last=cpu
grep -E '^(PASS|FAIL) ' "$T/cpu.out"
ok cpu-runs "[ $rc -eq 0 ] && [ \$(grep -c '^PASS' $T/cpu.out) -eq 10 ]"

# sched_yield gives up the CPU and returns: its own hostcall, not a
# nanosleep(0), which sleeps the kernel's timer slack (~50 us) each time.
printf 'cVMs:\n  - {name: yield, runtime: clock, args: [yield, "1000"]}\n' >"$T/yield.yaml"
(cd "$T" && "$IV" up --stats "$T/yield.json" yield.yaml >"$T/yield.out" 2>"$T/yield.err")
rc=$? last=yield
grep -E '^(PASS|FAIL) ' "$T/yield.out"
read -r ny ns < <(python3 -c '
import json, sys
h = json.load(open(sys.argv[1]))["cvms"][0]["hostcalls"]
print(h.get("sched_yield", 0), h.get("nanosleep", 0))' "$T/yield.json" 2>/dev/null)
ok sched-yield-is-a-yield "[ $rc -eq 0 ] && [ ${ny:-0} -ge 1000 ] && [ '${ns:-x}' = 0 ]"

# The page is the monitor's: read-only, and not the cVM's to remap.
"$IV" run "$T/clock" tamper >"$T/tamper.out" 2>"$T/tamper.err"
rc=$? last=tamper
grep -E '^(PASS|FAIL) ' "$T/tamper.out"
ok page-write-faults "[ $rc -eq 139 ] && has tamper 'SIGSEGV .*fault address region\\+0x11000\$' err && ! has tamper '^FAIL' out"
