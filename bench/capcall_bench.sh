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
NG=${CAPCALL_GAP_ROUNDS:-1000}
GAP=1000 # µs between calls in the gap runs: the callee's side has gone to sleep
yaml() {
    cat >"$T/$1.yaml" <<Y
cVMs:
  - {name: srv, runtime: ccb, args: [serve]}
  - {name: cli, runtime: ccb, args: [call, $2, $3], calls: [srv]}
Y
}
yaml steady "$N" 0
yaml gap "$NG" "$GAP"
med() { sort -n | sed -n 3p; }
# cap MODE YAML ROUNDS: "ns-per-call cpu-ns-per-call" of one run (CPU: the
# whole monitor process, both cVMs and the hand-off workers, start-up included).
cap() {
    IV_CAPCALL=$1 bash -c '"$0" up "$1" 2>/dev/null | awk "/^capcall /{print \$2}"; times' "$BIN/intravisor" "$T/$2.yaml" |
        awk -v n="$3" 'NR == 1 {ns = $1} NR == 3 {
            split($1, u, /[ms]/); split($2, s, /[ms]/)
            printf "%s %.1f\n", ns, ((u[1] * 60 + u[2]) + (s[1] * 60 + s[2])) * 1e9 / n }'
}
# col K: the median of column K over 5 runs (stdin: one run a line)
col() { awk -v k="$1" '{print $k}' | med; }
fast=$("$T/native" gs 10 | awk '{print $3}')
echo "capcall machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), GS base writes by $fast ($([ "$fast" = wrgsbase ] && echo FSGSBASE || echo no FSGSBASE)); auto picks $([ "$fast" = wrgsbase ] && echo migrate || echo handoff); load average $(cut -d' ' -f1-3 /proc/loadavg)"
for run in steady gap; do
    n=$N np=$NP g=0
    [ $run = gap ] && n=$NG np=$NG g=$GAP
    p=$(for i in 1 2 3 4 5; do "$T/native" pipe "$np" "$g"; done)
    f=$(for i in 1 2 3 4 5; do "$T/native" futex "$np" "$g"; done)
    pp=$(col 2 <<<"$p") ppc=$(col 3 <<<"$p") fx=$(col 2 <<<"$f") fxc=$(col 3 <<<"$f")
    printf "capcall %s: pipe ping-pong %.1f ns (CPU %.1f ns); futex ping-pong %.1f ns (CPU %.1f ns)\n" "$run" "$pp" "$ppc" "$fx" "$fxc"
    for mode in migrate handoff; do
        r=$(for i in 1 2 3 4 5; do cap $mode $run "$n"; done)
        cc=$(col 1 <<<"$r") ccc=$(col 2 <<<"$r")
        printf "capcall %s %s: CAP Call %.1f ns (CPU %.1f ns/call); %.4fx pipe, %.4fx futex\n" "$run" "$mode" "$cc" "$ccc" \
            "$(echo "scale=6; $cc / $pp" | bc)" "$(echo "scale=6; $cc / $fx" | bc)"
    done
done
echo "capcall targets: handoff without FSGSBASE <= 0.05x pipe and <= 0.2x futex (steady); migrate with FSGSBASE <= 0.01x pipe"
gs=$(for i in 1 2 3 4 5; do "$T/native" gs "$NP" | awk '{print $2}'; done | med)
printf "capcall GS base write here: %s, %.1f ns each, 2 per migrated call\n" "$fast" "$gs"
