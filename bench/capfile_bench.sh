#!/bin/bash
# CAP File benchmarks (called by bench/run.sh; runnable alone after `make`):
# map+unmap, small copy calls, and 1 MiB copy bandwidth against memcpy in
# the cVM (into a mapping of the capfile, and between private buffers).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/machine.sh" && bench_machine
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${IV_BIN:-$ROOT/build/bin}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$BIN/ivcc" -O2 -I"$ROOT/include" "$ROOT/bench/capfile_bench.c" -o "$T/capfile_bench"
"$BIN/intravisor" run "$T/capfile_bench"
