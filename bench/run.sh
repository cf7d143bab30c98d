#!/bin/bash
# Benchmarks (make bench).  Each section prints its own results; components
# append their sections below.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
mkdir -p "$BUILD/bench"

# --- verifier: MiB/s of code verified on a ~9 MiB generated sandboxed image ---
echo "== verifier"
if [ ! -f "$BUILD/bench/vcode" ] || [ bench/verifier_gen.py -nt "$BUILD/bench/vcode" ]; then
    python3 bench/verifier_gen.py 20000 1 >"$BUILD/bench/vcode.s" &&
    clang -c "$BUILD/bench/vcode.s" -o "$BUILD/bench/vcode.o" &&
    ld.lld -pie --no-dynamic-linker -z separate-code -z max-page-size=4096 -z noexecstack \
        -e _start -o "$BUILD/bench/vcode" "$BUILD/bench/vcode.o" || echo "verifier bench: build failed"
fi
# Marked every time: an image from before the cVM mark is not rebuilt.
[ -f "$BUILD/bench/vcode" ] && "$BUILD/bin/iv-mark" "$BUILD/bench/vcode" &&
    "$BUILD/bin/verifier_bench" "$BUILD/bench/vcode" 7
# The same on real code: the rewritten musl (ivcc's libc.a), if it is built.
if [ -f "$BUILD/sysroot/lib/libc.a" ]; then
    python3 bench/verifier_musl.py "$BUILD/sysroot/lib/libc.a" "$BUILD/bench/musl-code.bin" 8 &&
        "$BUILD/bin/verifier_bench" "$BUILD/bench/musl-code.bin" 7
else
    echo "verifier bench on musl: skipped ($BUILD/sysroot/lib/libc.a not built)"
fi

# --- ivcc: code-size and instruction-count growth against native code ---
echo
echo "== ivcc code size"
bash bench/ivcc_codesize.sh

# --- monitor: hostcall round trip and FaaS-style start-up ---
echo
echo "== monitor"
bash bench/monitor_bench.sh

# --- real programs: Lua, SQLite speedtest1, zlib in a cVM vs natively ---
echo
bash bench/programs_bench.sh

# --- CAP Files: call costs and copy bandwidth vs memcpy ---
echo
echo "== capfiles"
bash bench/capfile_bench.sh

# --- CAP Calls: round trip vs pipe and futex ping-pong ---
echo
echo "== capcalls"
bash bench/capcall_bench.sh

# --- CAP Streams: 1 GiB, 64 KiB chunks, stream between cVMs vs a native pipe ---
echo
echo "== capstreams"
bash bench/capstream_bench.sh

# --- orchestration: OCI runtime vs runc, podman, deploy into a daemon ---
echo
echo "== orchestration"
bash bench/orchestration_bench.sh

# --- density: N idle cVMs vs N native processes, time and memory ---
echo
echo "== density"
bash bench/density.sh

# --- names: root paths, /dev and /proc (monitor/sys) vs native ---
echo
echo "== sysfs"
bash bench/sysfs_bench.sh

# --- system calls: what ordinary calls cost from a cVM vs natively ---
echo
echo "== syscall costs"
bash bench/syscall_costs.sh

# --- networking: Redis, TCP connect rate and ping-pong, cVM vs native ---
echo
bash bench/net_bench.sh
