#!/bin/bash
# CAP Call round trip (called by bench/run.sh; runnable alone after `make`):
# a call into another cVM that returns its argument + 1, against a one-word
# ping-pong over two pipes between two processes and over a futex between
# two threads, same run.  Median of 5 runs of each; ns per round trip.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${IV_BIN:-$ROOT/build/bin}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
N=${CAPCALL_ROUNDS:-200000}
NP=${CAPCALL_PINGPONG_ROUNDS:-50000}
"$BIN/ivcc" -O2 -DIV_CVM "$ROOT/bench/capcall_bench.c" -o "$T/ccb"
${CC:-gcc} -O2 -pthread "$ROOT/bench/capcall_bench.c" -o "$T/native"
cat >"$T/c.yaml" <<Y
cVMs:
  - {name: srv, runtime: ccb, args: [serve]}
  - {name: cli, runtime: ccb, args: [call, $N], calls: [srv]}
Y
med() { sort -n | sed -n 3p; }
cc=$(for i in 1 2 3 4 5; do "$BIN/intravisor" up "$T/c.yaml" 2>/dev/null | awk '/^capcall /{print $2}'; done | med)
pp=$(for i in 1 2 3 4 5; do "$T/native" pipe "$NP" | awk '{print $2}'; done | med)
fx=$(for i in 1 2 3 4 5; do "$T/native" futex "$NP" | awk '{print $2}'; done | med)
gs=$(for i in 1 2 3 4 5; do "$T/native" gs "$NP" | awk '{print $2}'; done | med)
how=$("$T/native" gs 10 | awk '{print $3}')
printf "capcall round trip: CAP Call %.1f ns; pipe ping-pong %.1f ns (ratio %.4fx, target <= 0.01x); futex ping-pong %.1f ns (ratio %.4fx, target <= 0.05x)\n" \
    "$cc" "$pp" "$(echo "scale=6; $cc / $pp" | bc)" "$fx" "$(echo "scale=6; $cc / $fx" | bc)"
printf "capcall GS base write here: %s, %.1f ns each, 2 per call; the rest of a call: %.1f ns\n" "$how" "$gs" \
    "$(echo "$cc - 2 * $gs" | bc)"
