#!/bin/bash
# Monitor benchmarks (called by bench/run.sh; runnable alone after `make`):
#  1. hostcall round trip (cVM, thread_self) vs a raw getppid syscall
#     (native), in the same run; target ratio <= 0.1.
#  2. FaaS-style start-up: inside one monitor, deploy a hello cVM and run
#     it to exit, N times -- cold (read + verify + load every time) and
#     warm (verified-image cache keyed by SHA-256 of the bytes) -- vs a
#     native parent doing fork+exec+wait of the same program built
#     natively and statically; medians; target ratio <= 0.25.  The same for
#     a large image (SQLite's speedtest1), also warm with the file read and
#     hashed again each time (what libcrypto's SHA-256 costs), and as a
#     whole `intravisor run` process (fork+exec+wait of the monitor), with
#     the verification cache (docs/monitor.md) and without it.  "Cold"
#     means verified every time: the cache is off for those rows.
# Output: "name value" lines, then ratios.  N: $MONITOR_BENCH_N (500).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/machine.sh" && bench_machine
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${IV_BIN:-$ROOT/build/bin}
RT=$ROOT/build/runtime
N=${MONITOR_BENCH_N:-500}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
IVCC=$BIN/ivcc
for p in monitor_hostcall monitor_hello; do
    "$IVCC" -O2 -ffreestanding -I"$ROOT/include" -c "$ROOT/bench/$p.c" -o "$T/$p.o"
    "$IVCC" -nostdlib -o "$T/$p.cvm" "$RT/crt0.o" "$T/$p.o" "$RT/libivrt.a"
done
gcc -O2 -o "$T/getppid" "$ROOT/bench/monitor_getppid.c"
gcc -O2 -o "$T/spawn" "$ROOT/bench/monitor_spawn.c"
gcc -O2 -static -DNATIVE -o "$T/hello.native" "$ROOT/bench/monitor_hello.c"

hc=$("$BIN/intravisor" run "$T/monitor_hostcall.cvm" | sed -n 's/^hostcall_ns //p')
gp=$("$T/getppid" | sed -n 's/^getppid_ns //p')
echo "monitor.hostcall_ns $hc"
echo "monitor.getppid_ns $gp"

med() { sed -n 's/.*median_us=\([0-9.]*\).*/\1/p'; }
cold=$(IV_VERIFY_CACHE=off "$BIN/intravisor" bench-start --cold -n "$N" "$T/monitor_hello.cvm" 2>&1 >/dev/null | med)
warm=$("$BIN/intravisor" bench-start --warm -n "$N" "$T/monitor_hello.cvm" 2>&1 >/dev/null | med)
native=$("$T/spawn" "$N" "$T/hello.native" 2>&1 >/dev/null | med)
echo "monitor.start_cold_median_us $cold"
echo "monitor.start_warm_median_us $warm"
echo "monitor.start_native_forkexec_median_us $native"
# The same on a large image (SQLite's speedtest1, ~1.3 MB, `--help`: start,
# print, exit), where reading and hashing the bytes is a visible share of a
# warm start; against fork+exec+wait of its native build.
SP=$ROOT/build/programs
if [ -x "$SP/cvm/speedtest1" ] && [ -x "$SP/native/speedtest1" ]; then
    n2=$((N / 5))
    lc=$(IV_VERIFY_CACHE=off "$BIN/intravisor" bench-start --cold -n "$n2" "$SP/cvm/speedtest1" --help 2>&1 >/dev/null | med)
    lw=$("$BIN/intravisor" bench-start --warm -n "$n2" "$SP/cvm/speedtest1" --help 2>&1 >/dev/null | med)
    lr=$("$BIN/intravisor" bench-start --warm-reread -n "$n2" "$SP/cvm/speedtest1" --help 2>&1 >/dev/null | med)
    ln=$("$T/spawn" "$n2" "$SP/native/speedtest1" --help 2>&1 >/dev/null | med)
    # What a user's `intravisor run` costs: a new monitor process each time
    # (load it, read + verify + load the image, run, exit), fork+exec+wait.
    lp=$(IV_VERIFY_CACHE=off "$T/spawn" "$n2" "$BIN/intravisor" run "$SP/cvm/speedtest1" --help 2>&1 >/dev/null | med)
    # ... and with its verdict from the verification cache (primed once).
    IV_VERIFY_CACHE=$T/vcache "$BIN/intravisor" run "$SP/cvm/speedtest1" --help >/dev/null 2>&1 || true
    lpc=$(IV_VERIFY_CACHE=$T/vcache "$T/spawn" "$n2" "$BIN/intravisor" run "$SP/cvm/speedtest1" --help 2>&1 >/dev/null | med)
    echo "monitor.start_large_bytes $(stat -c %s "$SP/cvm/speedtest1")"
    echo "monitor.start_large_cold_median_us $lc"
    echo "monitor.start_large_warm_median_us $lw"
    echo "monitor.start_large_warm_reread_median_us $lr (read + SHA-256 of the file each time)"
    echo "monitor.start_large_native_forkexec_median_us $ln"
    echo "monitor.start_large_process_median_us $lp (intravisor run, fork+exec+wait, verified each time)"
    echo "monitor.start_large_process_cached_median_us $lpc (the same, verdict from the verification cache)"
    awk -v c="$lc" -v w="$lw" -v r="$lr" -v p="$lp" -v pc="$lpc" -v nat="$ln" 'BEGIN {
        printf "monitor.ratio.start_large_cold_vs_forkexec %.3f\n", c / nat;
        printf "monitor.ratio.start_large_warm_vs_forkexec %.3f\n", w / nat;
        printf "monitor.ratio.start_large_warm_reread_vs_forkexec %.3f\n", r / nat;
        printf "monitor.ratio.start_large_process_vs_forkexec %.3f\n", p / nat;
        printf "monitor.ratio.start_large_process_cached_vs_forkexec %.3f\n", pc / nat;
    }'
else
    echo "monitor.start_large: skipped (make programs builds build/programs/{cvm,native}/speedtest1)"
fi
awk -v hc="$hc" -v gp="$gp" -v c="$cold" -v w="$warm" -v nat="$native" 'BEGIN {
    printf "monitor.ratio.hostcall_vs_getppid %.3f (target <= 0.1)\n", hc / gp;
    printf "monitor.ratio.start_cold_vs_forkexec %.3f (target <= 0.25)\n", c / nat;
    printf "monitor.ratio.start_warm_vs_forkexec %.3f (target <= 0.25)\n", w / nat;
}'
