#!/bin/bash
# CAP Stream throughput (called by bench/run.sh; runnable alone after
# `make`): 1 GiB in 64 KiB writes through a stream between two cVMs
# (`intravisor up`, start-up included) against the same program built
# natively with a pipe between two processes.  Same run; median of 5.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/machine.sh" && bench_machine
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${IV_BIN:-$ROOT/build/bin}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
N=${CAPSTREAM_BYTES:-1073741824}
"$BIN/ivcc" -O2 "$ROOT/bench/capstream_bench.c" -o "$T/csb"
${CC:-gcc} -O2 "$ROOT/bench/capstream_bench.c" -o "$T/native"
cat >"$T/s.yaml" <<Y
cVMs:
  - {name: w, runtime: csb, args: [w, r, $N], streams: [r]}
  - {name: r, runtime: csb, args: [r, w]}
Y
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
med() { sort -n | sed -n 3p; }
cs=$(for i in 1 2 3 4 5; do t "$BIN/intravisor" up "$T/s.yaml"; done | med)
np=$(for i in 1 2 3 4 5; do t sh -c "'$T/native' w - $N | '$T/native' r -"; done | med)
gbs() { echo "scale=2; $N / $1 / 1000000000" | bc; }
printf "capstream %s bytes, 64 KiB chunks: CAP Stream %.3f s (%s GB/s), native pipe %.3f s (%s GB/s), ratio %.2fx\n" "$N" \
    "$cs" "$(gbs "$cs")" "$np" "$(gbs "$np")" "$(echo "scale=3; $np / $cs" | bc)"

# Small messages: a 1-byte ping-pong over two streams (one each way)
# between two cVMs, against the same over two pipes between two processes.
NP=${CAPSTREAM_PINGPONG_ROUNDS:-50000}
cat >"$T/p.yaml" <<Y
cVMs:
  - {name: a, runtime: csb, args: [p, b, $NP], streams: [b]}
  - {name: b, runtime: csb, args: [q, a], streams: [a]}
Y
pg=$(for i in 1 2 3 4 5; do "$BIN/intravisor" up "$T/p.yaml" 2>/dev/null | awk '/^pingpong /{print $2}'; done | med)
pp=$(for i in 1 2 3 4 5; do "$T/native" p - "$NP" | awk '{print $2}'; done | med)
printf "capstream 1-byte ping-pong: CAP Streams %.1f ns, pipes %.1f ns, ratio %.3fx (load average %s)\n" "$pg" "$pp" \
    "$(echo "scale=4; $pg / $pp" | bc)" "$(cut -d' ' -f1 /proc/loadavg)"
