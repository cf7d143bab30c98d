#!/bin/bash
# hcfuzz.sh SEED SECONDS [THREADS [MONITOR]]: one run of the hostcall fuzzer
# (tests/fuzz/hcfuzz.c) beside two canaries (hccanary.c) in one deployment,
# by default under the ASan/UBSan monitor (build/san/bin/intravisor).
# Prints PASS/FAIL lines (tests/lib.sh): the monitor neither crashed nor
# reported a sanitizer error, nothing hung (the deployment finished within
# its timeouts), the fuzzer finished its run, and each canary finished its
# work with every check intact.  Work files stay in build/hcfuzz/run-SEED.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
seed=$1 secs=$2 threads=${3:-4}
IV=$(realpath "${4:-$SANBIN/intravisor}")
B=$ROOT/build/hcfuzz
T=$B/run-$seed
rm -rf "$T"
mkdir -p "$T/out" "$T/fuzzroot" "$T/canaryroot0" "$T/canaryroot1"
if ! { "$BIN/ivcc" -O2 -ffreestanding -I"$ROOT/include" -c "$ROOT/tests/fuzz/hcfuzz.c" -o "$B/hcfuzz.o" &&
    "$BIN/ivcc" -nostdlib -o "$B/hcfuzz" "$ROOT/build/runtime/crt0.o" "$B/hcfuzz.o" "$ROOT/build/runtime/libivrt.a" &&
    "$BIN/ivcc" -O2 -pthread "$ROOT/tests/fuzz/hccanary.c" -o "$B/hccanary"; } >"$T/build.log" 2>&1; then
    fail hcfuzz-build "$(tail -5 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
cp "$B/hcfuzz" "$B/hccanary" "$T/"
limit=$((secs + 60))
cat >"$T/hcfuzz.yaml" <<YAML
capfiles:
  - {name: fz, size: 64K}
  - {name: cz, size: 64K}
cVMs:
  - {name: hcfuzz, runtime: hcfuzz, args: $seed $secs $threads, root: fuzzroot, rw: true, memory: 512M,
     stdout: out/hcfuzz.out, stderr: out/hcfuzz.err, timeout: $limit, capfiles: [fz], calls: [canary0],
     net: {listen: [tcp:127.0.0.1:47100-47109, udp:127.0.0.1:47100-47109],
           connect: [tcp:127.0.0.1:47100-47109, udp:127.0.0.1:47100-47109]}}
  - {name: canary0, runtime: hccanary, args: 0 $secs, root: canaryroot0, rw: true, timeout: $limit,
     stdout: out/canary0.out, stderr: out/canary0.err, capfiles: [cz]}
  - {name: canary1, runtime: hccanary, args: 1 $secs, root: canaryroot1, rw: true, timeout: $limit,
     stdout: out/canary1.out, stderr: out/canary1.err, capfiles: [cz], streams: [hcfuzz]}
YAML
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
start=$(date +%s)
(cd "$T" && timeout $((limit + 30)) "$IV" up hcfuzz.yaml >"$T/monitor.out" 2>"$T/monitor.err" </dev/null)
rc=$?
took=$(( $(date +%s) - start ))
calls=$(grep -ao 'hcfuzz done calls=[0-9]*' "$T/out/hcfuzz.out" | tail -1 | sed 's/.*=//')
echo "INFO hcfuzz seed $seed: ${calls:-no} calls in ${secs}s by $((threads + 1)) threads; monitor status $rc after ${took}s"
tag="hcfuzz-seed$seed"
errs=$(grep -aE 'AddressSanitizer|LeakSanitizer|runtime error|FATAL|Segmentation' "$T/monitor.err" | head -3 | tr '\n' ' ')
if [ -n "$errs" ]; then
    fail "$tag-monitor-clean" "$errs (see $T/monitor.err)"
elif [ $rc -ge 124 ]; then
    fail "$tag-monitor-clean" "monitor status $rc (killed or hung; see $T/monitor.err)"
else
    pass "$tag-monitor-clean"
fi
if [ -n "$calls" ] && [ "$calls" -gt 0 ]; then
    pass "$tag-fuzzer-finished"
else
    fail "$tag-fuzzer-finished" "no report; status $rc; $(grep -a 'hcfuzz' "$T/monitor.err" | tail -3 | tr '\n' ' ')"
fi
for c in canary0 canary1; do
    r=$(grep -ao 'canary ok rounds=[0-9]*' "$T/out/$c.out" | sed 's/.*=//')
    if [ -n "$r" ] && [ "$r" -ge 5 ] && ! grep -q FAILED "$T/out/$c.out"; then
        pass "$tag-$c-intact"
    else
        fail "$tag-$c-intact" "$(head -c 300 "$T/out/$c.out" "$T/out/$c.err" | tr '\n' ' ')"
    fi
done
[ $rc -eq 0 ] && pass "$tag-all-exit-0" || fail "$tag-all-exit-0" "status $rc: $(grep -a 'deployment\|exited\|killed\|fault' "$T/monitor.err" | tail -4 | tr '\n' ' ')"
