#!/bin/bash
# Orchestration (docs/oci.md, docs/api.md), all in this one run:
#  1. `podman run --rm` of the hello image: a cVM through intravisor-oci
#     against the same source built natively through runc;
#  2. the runtime alone (create + start + wait + delete of a bundle, driven
#     like conmon drives it: bench/oci_bench.c): intravisor-oci vs runc;
#  3. one more cVM into a running daemon, end to end over the control API
#     (bench/daemon_bench.c), against both of the above.
# Needs root, podman and runc (scripts/install-deps.sh); a missing piece
# skips its part with a message.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/machine.sh" && bench_machine
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
BIN=$BUILD/bin
T=$(mktemp -d)
DPID=
trap '[ -n "$DPID" ] && kill "$DPID" 2>/dev/null; rm -rf "$T"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs (wall-clock numbers below include waiting for a CPU)"
make -s -C "$ROOT" oci-image >/dev/null 2>&1 || { echo "orchestration bench: make oci-image failed"; exit 0; }
gcc -O2 -o "$T/oci_bench" "$ROOT/bench/oci_bench.c" && gcc -O2 -o "$T/daemon_bench" "$ROOT/bench/daemon_bench.c" || exit 0
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { echo "$1" | sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p'; }

# --- bundles: the cVM image and the native build of the same source ---------
mkdir -p "$T/cvm/rootfs/bin" "$T/native/rootfs/bin" "$T/state-iv" "$T/state-runc"
cp "$BUILD/oci/hello" "$T/cvm/rootfs/bin/hello"
cp "$BUILD/oci/hello-native" "$T/native/rootfs/bin/hello"
cat >"$T/cvm/config.json" <<'J'
{"ociVersion": "1.0.2", "process": {"terminal": false, "user": {"uid": 0, "gid": 0}, "args": ["/bin/hello"],
 "env": ["PATH=/bin"], "cwd": "/"}, "root": {"path": "rootfs", "readonly": true}}
J
runc_ok=0
if [ "$(id -u)" -eq 0 ] && command -v runc >/dev/null && (cd "$T/native" && runc spec) 2>/dev/null; then
    python3 - "$T/native/config.json" <<'P'
import json, sys
c = json.load(open(sys.argv[1]))
c["process"]["args"] = ["/bin/hello"]
c["process"]["terminal"] = False
json.dump(c, open(sys.argv[1], "w"))
P
    runc_ok=1
fi

echo "-- the runtime alone: create + start + wait + delete (median of 30)"
iv=$("$T/oci_bench" "$BIN/intravisor-oci" "$T/state-iv" "$T/cvm" 30)
echo "  $iv"
if [ $runc_ok = 1 ] && rc=$("$T/oci_bench" "$(command -v runc)" "$T/state-runc" "$T/native" 30); then
    echo "  $rc"
    awk -v a="$(ms "$iv")" -v b="$(ms "$rc")" 'BEGIN {printf "  intravisor-oci / runc = %.3f wall (target <= 0.1)\n", a / b}'
    cpu() { echo "$1" | sed -n 's/.*cpu_ms=\([0-9.]*\).*/\1/p'; }
    awk -v a="$(cpu "$iv")" -v b="$(cpu "$rc")" 'BEGIN {printf "  intravisor-oci / runc = %.3f CPU time (user+system of every process involved)\n", a / b}'
else
    echo "  runc: skipped (needs root and runc)"
fi

echo "-- one more cVM into a running daemon (median of 200, one connection)"
mkdir -p "$T/d"
cp "$BUILD/oci/hello" "$T/d/hello"
for i in $(seq 0 199); do
    printf 'cVMs:\n  - name: b%d\n    runtime: hello\n    memory: 16M\n    stdout: null\n' "$i" >"$T/d/d$i.yaml"
done
"$BIN/intravisor" daemon --socket "$T/d.sock" 2>"$T/daemon.err" &
DPID=$!
for _ in $(seq 50); do [ -S "$T/d.sock" ] && break; sleep 0.05; done
dm=$("$T/daemon_bench" "$T/d.sock" "$T/d" 200)
echo "  $dm"
dep=$(echo "$dm" | sed -n 's/.*deploy_median_us=\([0-9.]*\).*/\1/p')
ex=$(echo "$dm" | sed -n 's/.*deploy_to_exit_median_us=\([0-9.]*\).*/\1/p')
awk -v d="$dep" -v e="$ex" 'BEGIN {printf "  deploy acknowledged: %.3f ms, deployed and exited: %.3f ms (target <= 1 ms)\n", d / 1000, e / 1000}'
awk -v e="$ex" -v a="$(ms "$iv")" 'BEGIN {printf "  vs intravisor-oci alone: %.4fx\n", e / 1000 / a}'
[ $runc_ok = 1 ] && awk -v e="$ex" -v b="$(ms "$rc")" 'BEGIN {printf "  vs runc alone: %.4fx\n", e / 1000 / b}'

echo "-- podman run --rm of the hello image (median of 10)"
if [ "$(id -u)" -eq 0 ] && command -v podman >/dev/null; then
    # --network none: a cVM has no network; --ulimit: podman's defaults
    # cannot be raised on machines without CAP_SYS_RESOURCE (runc fails).
    P="--rm --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024"
    for rt in iv runc; do
        img=localhost/intravisor-hello
        path=$BIN/intravisor-oci
        [ $rt = runc ] && img=localhost/intravisor-hello-native && path=$(command -v runc)
        podman --runtime "$path" run $P $img >/dev/null 2>&1 || { echo "  $rt: podman run failed"; continue; }
        for i in $(seq 10); do
            t0=$(date +%s%N)
            podman --runtime "$path" run $P $img >/dev/null 2>&1
            t1=$(date +%s%N)
            echo $(((t1 - t0) / 1000))
        done | median >"$T/podman-$rt"
        echo "  podman + $([ $rt = iv ] && echo intravisor-oci || echo runc): $(awk '{printf "%.1f", $1 / 1000}' "$T/podman-$rt") ms"
    done
    if [ -s "$T/podman-iv" ] && [ -s "$T/podman-runc" ]; then
        awk -v a="$(cat "$T/podman-iv")" -v b="$(cat "$T/podman-runc")" 'BEGIN {printf "  podman: intravisor-oci / runc = %.3f\n", a / b}'
        awk -v e="$ex" -v b="$(cat "$T/podman-runc")" 'BEGIN {printf "  daemon deploy-to-exit vs podman + runc: %.5fx\n", e / b}'
    fi
else
    echo "  skipped (needs root and podman)"
fi
