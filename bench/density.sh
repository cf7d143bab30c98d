#!/bin/bash
# Density and start-up at scale (make bench; docs/benchmarks.md "Density"):
# N idle instances (N = 100, 1,000, 10,000; DENSITY_NS overrides) of a
# hello-sized program and of Lua, as cVMs in one monitor and as native
# processes (fork+exec of the static native build), each kept alive the same
# way (blocked reading an empty pipe).  Per row: time until all N are up,
# memory (PSS: shared pages count once) and teardown time, medians of
# DENSITY_RUNS runs (3).  Writes build/bench/density.csv and, with gnuplot,
# build/bench/density.png.
#
# 10,000 cVMs need more kernel mappings than vm.max_map_count's default
# (docs/monitor.md "Resource isolation"): the script raises it for the run
# when it may (root) and restores it after; otherwise it skips N whose
# deployment the monitor refuses, with the monitor's reason.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${IV_BIN:-$ROOT/build/bin}
OUT=$ROOT/build/bench
mkdir -p "$OUT"
T=$(mktemp -d)
NS=${DENSITY_NS:-100 1000 10000}
RUNS=${DENSITY_RUNS:-3}
old_maps=$(cat /proc/sys/vm/max_map_count)
restore() { [ "$(cat /proc/sys/vm/max_map_count)" = "$old_maps" ] || echo "$old_maps" >/proc/sys/vm/max_map_count; rm -rf "$T"; }
trap restore EXIT

echo "machine: $(nproc) CPUs, $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), fsgsbase: $(grep -qw fsgsbase /proc/cpuinfo && echo yes || echo no)"
echo "limits: RLIMIT_NOFILE $(ulimit -Hn), vm.max_map_count $old_maps, kernel.threads-max $(cat /proc/sys/kernel/threads-max)"

gcc -O2 -Wall -o "$T/probe" "$ROOT/bench/density_probe.c" || exit 1
cat >"$T/idle.c" <<'EOF'
#include <stdio.h>
int main(void) { puts("up"); fflush(stdout); return getchar() == EOF ? 0 : 1; }
EOF
"$BIN/ivcc" -O2 "$T/idle.c" -o "$T/idle" && gcc -O2 -static "$T/idle.c" -o "$T/idle.native" || exit 1
LUA_CVM=$ROOT/build/programs/cvm/lua
LUA_NAT=$ROOT/build/programs/native/lua
LUA_E='print("up") io.stdout:flush() io.read()'

# yaml N KIND: N idle cVMs of KIND (hello or lua)
yaml() {
    local n=$1 kind=$2 f=$T/$2-$1.yaml
    {
        echo "cVMs:"
        for ((i = 0; i < n; i++)); do
            if [ "$kind" = hello ]; then
                echo "  - {name: c$i, runtime: $T/idle, memory: 4M, stderr: null}"
            else
                echo "  - {name: c$i, runtime: $LUA_CVM, args: [-e, '$LUA_E'], memory: 16M, stderr: null}"
            fi
        done
    } >"$f"
    echo "$f"
}

med() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p"; }

echo "kind,side,n,deploy_us,deploy_us_per_instance,pss_kb,pss_kb_per_instance,teardown_us" >"$OUT/density.csv"
for kind in hello lua; do
    if [ "$kind" = lua ] && { [ ! -x "$LUA_CVM" ] || [ ! -x "$LUA_NAT" ]; }; then
        echo "density lua: skipped (make programs builds build/programs/{cvm,native}/lua)"
        continue
    fi
    for n in $NS; do
        # 10,000 cVMs: ~45 mappings each (docs/monitor.md)
        need=$((n * 64 + 8192))
        if [ "$need" -gt "$(cat /proc/sys/vm/max_map_count)" ] && [ -w /proc/sys/vm/max_map_count ]; then
            echo "$need" >/proc/sys/vm/max_map_count
        fi
        y=$(yaml "$n" "$kind")
        for side in cvm native; do
            : >"$T/runs"
            for ((r = 0; r < RUNS; r++)); do
                if [ $side = cvm ]; then
                    "$T/probe" cvm "$n" "$BIN/intravisor" up "$y" >>"$T/runs" 2>"$T/err" ||
                        { echo "density $kind $side n=$n: $(grep -m1 -v '^  ' "$T/err")"; break; }
                elif [ $kind = hello ]; then
                    "$T/probe" native "$n" "$T/idle.native" >>"$T/runs" 2>"$T/err"
                else
                    "$T/probe" native "$n" "$LUA_NAT" -e "$LUA_E" >>"$T/runs" 2>"$T/err"
                fi
            done
            [ -s "$T/runs" ] || continue
            d=$(field deploy_us <"$T/runs" | med)
            p=$(field pss_kb <"$T/runs" | med)
            t=$(field teardown_us <"$T/runs" | med)
            echo "$kind,$side,$n,$d,$((d / n)),$p,$((p / n)),$t" >>"$OUT/density.csv"
            printf 'density.%s.%s.n%s deploy %.3f s (%d us each)  memory %d MiB (%d KiB each)  teardown %.3f s\n' \
                "$kind" "$side" "$n" "$(echo "$d / 1000000" | bc -l)" $((d / n)) $((p / 1024)) $((p / n)) \
                "$(echo "$t / 1000000" | bc -l)"
        done
    done
done
# ratios per row: cVM / native
awk -F, 'NR > 1 { v[$1 "," $3 "," $2] = $5 "," $7 } END {
    for (k in v) { split(k, a, ","); if (a[3] != "cvm") continue;
        n = a[1] "," a[2] ",native"; if (!(n in v)) continue;
        split(v[k], c, ","); split(v[n], x, ",");
        printf "density.ratio.%s.n%s deploy %.3f memory %.3f (cVM / native)\n", a[1], a[2], c[1] / x[1], c[2] / x[2] } }' \
    "$OUT/density.csv" | sort

if command -v gnuplot >/dev/null; then
    for k in hello lua; do
        for s in cvm native; do
            awk -F, -v k=$k -v s=$s 'NR > 1 && $1 == k && $2 == s {print $3, $5, $7}' "$OUT/density.csv" >"$T/$k-$s.dat"
        done
    done
    gnuplot <<EOF
set terminal pngcairo size 1100,450 font ",10"
set output "$OUT/density.png"
set multiplot layout 1,2 title "Idle instances: cVMs in one monitor vs native processes ($(nproc) CPUs, $(uname -r))"
set logscale xy
set xlabel "instances (N)"
set grid
set key top left
set ylabel "start-up time per instance (us)"
plot "$T/hello-cvm.dat" u 1:2 w lp t "hello cVM", "$T/hello-native.dat" u 1:2 w lp t "hello process", \
     "$T/lua-cvm.dat" u 1:2 w lp t "Lua cVM", "$T/lua-native.dat" u 1:2 w lp t "Lua process"
set ylabel "memory per instance (KiB, PSS)"
plot "$T/hello-cvm.dat" u 1:3 w lp t "hello cVM", "$T/hello-native.dat" u 1:3 w lp t "hello process", \
     "$T/lua-cvm.dat" u 1:3 w lp t "Lua cVM", "$T/lua-native.dat" u 1:3 w lp t "Lua process"
unset multiplot
EOF
    echo "density plot: $OUT/density.png"
else
    echo "density plot: skipped (gnuplot not installed; scripts/install-deps.sh installs gnuplot-nox)"
fi
