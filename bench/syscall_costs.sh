#!/bin/bash
# System call costs (called by bench/run.sh; runnable alone after `make`):
# bench/syscall_costs.c natively in a scratch directory and in a cVM whose
# writable root is another one, the two taking turns (3 pairs, medians of
# the per-call best-of-5 times).  Prints native ns, cVM ns and the ratio.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/machine.sh" && bench_machine
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${IV_BIN:-$ROOT/build/bin}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if ! "$BIN/ivcc" -O2 -pthread "$ROOT/bench/syscall_costs.c" -o "$T/cvm" ||
    ! ${CC:-gcc} -O2 -pthread "$ROOT/bench/syscall_costs.c" -o "$T/native"; then
    echo "syscall costs: build failed"
    exit 0
fi
for i in 1 2 3; do
    rm -rf "$T/n" "$T/c" && mkdir "$T/n" "$T/c"
    (cd "$T/n" && "$T/native") >"$T/native.$i" || echo "syscall costs: the native run failed"
    "$BIN/intravisor" run --root "$T/c" --rw "$T/cvm" >"$T/cvm.$i" || echo "syscall costs: the cVM run failed"
done
python3 - "$T" <<'EOF'
import statistics, sys
t = sys.argv[1]
def load(kind):
    runs = []
    for i in (1, 2, 3):
        try:
            runs.append(dict(l.split() for l in open("%s/%s.%d" % (t, kind, i)) if l.strip()))
        except OSError:
            pass
    return runs
n, c = load("native"), load("cvm")
if not n or not c:
    sys.exit(0)
print("%-30s %10s %10s %7s" % ("call (median of 3 runs, best of 5 rounds)", "native ns", "cVM ns", "ratio"))
for name in n[0]:
    nv = statistics.median(float(r[name]) for r in n if name in r)
    cv = statistics.median(float(r[name]) for r in c if name in r) if all(name in r for r in c) else None
    if cv is None:
        print("%-30s %10.0f %10s" % (name, nv, "-"))
    else:
        print("%-30s %10.0f %10.0f %6.2fx" % (name, nv, cv, cv / nv if nv else 0))
EOF
