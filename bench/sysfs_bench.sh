#!/bin/bash
# Names (called by bench/run.sh; runnable alone after `make`): open+close of
# a root file by absolute and relative path (every path is matched against
# the synthetic trees first), of /dev/null, and open+read+close of
# /proc/meminfo and /proc/self/status, in a cVM against the same program
# natively on the same files.  Same run; median of 5 runs of 20000 each.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/machine.sh" && bench_machine
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${IV_BIN:-$ROOT/build/bin}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
N=${SYSFS_BENCH_N:-20000}
"$BIN/ivcc" -O2 "$ROOT/bench/sysfs_bench.c" -o "$T/sb"
${CC:-gcc} -O2 "$ROOT/bench/sysfs_bench.c" -o "$T/native"
mkdir -p "$T/root/a/b"
echo x >"$T/root/a/b/f"
med() { sort -n | sed -n 3p; }
cvm() { (cd "$T" && for i in 1 2 3 4 5; do "$BIN/intravisor" run --root root "$T/sb" "$N" "$@"; done | med); }
nat() { (cd "$T/root" && for i in 1 2 3 4 5; do "$T/native" "$N" "$@"; done | med); }
row() { # NAME CVM-ARGS -- NATIVE-ARGS
    local name=$1 c n
    shift
    local ca=() na=()
    while [ "$1" != -- ]; do ca+=("$1"); shift; done
    shift
    na=("$@")
    c=$(cvm "${ca[@]}")
    n=$(nat "${na[@]}")
    printf "  %-34s cVM %7s ns  native %7s ns  ratio %.2fx\n" "$name" "$c" "$n" "$(echo "scale=3; $c / $n" | bc)"
}
echo "sysfs: $N operations, median of 5"
row "open+close /a/b/f (absolute)" open /a/b/f -- open "$T/root/a/b/f"
row "open+close a/b/f (relative)" open a/b/f -- open a/b/f
row "open+close /dev/null" open /dev/null -- open /dev/null
row "open+read+close /proc/meminfo" read /proc/meminfo -- read /proc/meminfo
row "open+read+close /proc/self/status" read /proc/self/status -- read /proc/self/status
