#!/bin/bash
# Real programs (issue 4; ARCHITECTURE §8 target: a cVM takes ≤ 1.10× the
# time of the same program built natively).  Lua on CPU-heavy scripts,
# SQLite speedtest1 on an in-memory database, zlib's minigzip and bzip2 on
# 64 MiB, bench/programs/strwork.c (C string routines, malloc, qsort).
# Every workload runs RUNS rounds; a round runs each of three builds (the
# cVM one in two kinds of region) once, one after the other on one CPU
# (BENCH_CPU, the last by default), starting with a different build each
# round.  Ratios are medians of the per-round ratios: a virtual CPU's speed
# moves by up to 1.5x from minute to minute (the host's load on the core
# behind it; the probe below shows it), so only runs next to each other on
# the same CPU are comparable; the rotation spreads what one run leaves the
# next (free huge pages, a warm page cache) over every build.  Medians of
# wall-clock and CPU (user+sys) time are shown too.  Builds (`make programs
# programs-musl`):
#   native       gcc -O2, glibc, static PIE        (the baseline)
#   native-musl  gcc -O2, the same musl 1.2.3 as the cVM, static PIE
#   cVM          ivcc -O2 (same gcc), musl + LibOS, `intravisor run`: the
#                low region (GS base 0), as a container's cVM gets
#   cVM-arena    the same with IV_LOW_REGION=off: a region at a non-zero
#                base, as a deployment's other cVMs get
# cVM/native is the figure the target is about; native-musl splits it into
# the libc's share (native-musl/native) and the sandbox's (cVM/native-musl).
# The cVM figures include starting the monitor and loading the image; its
# verdict comes from the verification cache (docs/monitor.md), primed here,
# as on every start of an image but the first (the first start's verifying
# is in bench/monitor_bench.sh: start_large_process against its _cached row).
# Usage: bench/programs_bench.sh [--markdown FILE]  (FILE gets the table)
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/machine.sh" && bench_machine
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
RUNS=${PROG_BENCH_RUNS:-5}
md=
[ "${1:-}" = --markdown ] && md=$2
P=$BUILD/programs IV=$BUILD/bin/intravisor W=$BUILD/bench/programs
mkdir -p "$W"
BENCH_CPU=${BENCH_CPU:-$(($(nproc) - 1))}
PIN=(taskset -c "$BENCH_CPU")
echo "== real programs (cVM vs native, medians of $RUNS rounds on CPU $BENCH_CPU)"
# How fast each CPU is right now (the same loop on each): the spread is the
# noise a run would see if it were not pinned.
if gcc -O2 -o "$W/cpu_speed" bench/cpu_speed.c; then
    for ((cpu = 0; cpu < $(nproc); cpu++)); do taskset -c $cpu "$W/cpu_speed"; done
fi
# The machine property behind most of the sandbox's own cost: the latency
# of a load through a non-zero GS base (a cVM's heap load) against plain.
gcc -O2 -o "$W/load_latency" bench/load_latency.c && "$W/load_latency"
# And the other one: what a load's two prefix bytes cost the front end, from
# the decoded-op cache and from the decoders (docs/benchmarks.md).
gcc -O2 -o "$W/decode_width" bench/decode_width.c && "$W/decode_width"
# memcpy by size: glibc natively against the cVM's routines (SSE2, AVX2 above
# 256 bytes where the CPU has it).
if gcc -O2 -o "$W/memcpy_sizes" bench/memcpy_sizes.c && "$BUILD/bin/ivcc" -O2 -o "$W/memcpy_sizes.cvm" bench/memcpy_sizes.c; then
    paste -d' ' <("$W/memcpy_sizes") <("$IV" run "$W/memcpy_sizes.cvm") | while read -r n a _ c; do
        printf "memcpy %6s bytes: native %7s ns, cVM %7s ns, ratio %s\n" "$n" "$a" "$c" "$(echo "scale=2; $c / $a" | bc)"
    done
fi
if ! make -s -j"$(nproc)" programs programs-musl >"$W/build.log" 2>&1; then
    echo "programs bench: build failed (see $W/build.log)"; tail -5 "$W/build.log"; exit 0
fi

# 64 MiB for zlib: 16 blocks of 3 MiB of word text + 1 MiB of random bytes
# (deflate's window is 32 KiB, so repeating blocks gains nothing).
if [ ! -s "$W/zin" ]; then
    python3 - "$W/zin" <<'EOF'
import random, sys
with open(sys.argv[1], "wb") as f:
    for blk in range(16):
        r = random.Random(blk)
        words = ["%x" % r.getrandbits(24) for _ in range(2000)]
        text = " ".join(r.choices(words, k=480000)).encode()[: 3 << 20]
        f.write(text + r.randbytes(1 << 20))
EOF
fi
"$P/native/minigzip" -6 <"$W/zin" >"$W/zin.gz"
[ -s "$W/zin.bz2" ] || "$P/native/bzip2" -9 <"$W/zin" >"$W/zin.bz2"

# name|stdin|program|args (the Lua scripts come on stdin: no file system)
workloads=(
    "lua fib(34)|bench/programs/fib.lua|lua|- 34"
    "lua binary-trees(15)|bench/programs/binary_trees.lua|lua|- 15"
    "lua n-body(500k)|bench/programs/nbody.lua|lua|- 500000"
    "lua strings(100)|bench/programs/strings.lua|lua|- 100"
    "speedtest1 --memdb --size 50|/dev/null|speedtest1|--memdb --size 50"
    "minigzip -6, 64 MiB|$W/zin|minigzip|-6"
    "minigzip -d, 64 MiB|$W/zin.gz|minigzip|-d"
    "bzip2 -9, 64 MiB|$W/zin|bzip2|-9"
    "bzip2 -d, 64 MiB|$W/zin.bz2|bzip2|-d"
    "strwork 400k lines (C strings)|/dev/null|strwork|400000"
)

export IV_VERIFY_CACHE=$W/vcache
for p in lua speedtest1 minigzip bzip2 strwork; do
    "$IV" run "$P/cvm/$p" --help </dev/null >/dev/null 2>&1 || true
done

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
# rotate R WORDS...: the words, starting from word R mod their number.
rotate() {
    local r=$1; shift
    local n=$# i
    for ((i = 0; i < n; i++)); do
        local k=$(((r + i) % n + 1))
        printf '%s ' "${!k}"
    done
}
# rratio A B COL: median over rounds of A's time / B's time (column COL of
# the t.* files: 1 wall, 2 CPU), round by round.
rratio() { paste -d' ' "$W/t.$1" "$W/t.$2" | awk -v c="$3" '{print $c / $(c + 2)}' | median; }
# run1 VARIANT STDIN PROGRAM ARGS...: prints "wall cpu" in seconds.
run1() {
    local v=$1 in=$2 prog=$3; shift 3
    local TIMEFORMAT='%3R %3U %3S' t
    if [ "$v" = cvm ]; then
        t=$( { time "${PIN[@]}" "$IV" run "$P/cvm/$prog" "$@" <"$in" >/dev/null 2>"$W/err"; } 2>&1 )
    elif [ "$v" = cvm-arena ]; then # a region with a non-zero base (docs/monitor.md "Address space")
        t=$( { time IV_LOW_REGION=off "${PIN[@]}" "$IV" run "$P/cvm/$prog" "$@" <"$in" >/dev/null 2>"$W/err"; } 2>&1 )
    elif [ "$v" = cvm-small ]; then # the heap in small pages (docs/libos.md "Huge pages")
        t=$( { time IV_HUGE_PAGES=off "${PIN[@]}" "$IV" run "$P/cvm/$prog" "$@" <"$in" >/dev/null 2>"$W/err"; } 2>&1 )
    elif [ "$v" = native-thp ]; then # glibc's malloc asked for huge pages
        t=$( { time GLIBC_TUNABLES=glibc.malloc.hugetlb=1 "${PIN[@]}" "$P/native/$prog" "$@" <"$in" >/dev/null 2>"$W/err"; } 2>&1 )
    else
        t=$( { time "${PIN[@]}" "$P/$v/$prog" "$@" <"$in" >/dev/null 2>"$W/err"; } 2>&1 )
    fi
    awk '{printf "%.3f %.3f\n", $1, $2 + $3}' <<<"$t"
}

printf '%-30s %8s %8s %8s %8s | %10s %10s %10s | %8s %8s\n' workload native n-musl cVM cVM-arn "cVM/nat" "arena/nat" "wall c/n" "cVM/musl" "musl/nat"
rows=()
for w in "${workloads[@]}"; do
    IFS='|' read -r name in prog args <<<"$w"
    for v in native native-musl cvm cvm-arena; do : >"$W/t.$v"; done
    for ((r = 0; r < RUNS; r++)); do
        for v in $(rotate $r native native-musl cvm cvm-arena); do
            # shellcheck disable=SC2086
            run1 $v "$in" "$prog" $args >>"$W/t.$v"
        done
    done
    # CPU (user+sys) first: on a shared machine it is steadier than
    # wall-clock time, which also counts waiting for a core.
    n=$(cut -d' ' -f2 "$W/t.native" | median)
    m=$(cut -d' ' -f2 "$W/t.native-musl" | median)
    c=$(cut -d' ' -f2 "$W/t.cvm" | median)
    a=$(cut -d' ' -f2 "$W/t.cvm-arena" | median)
    fmt='%-30s %7.3fs %7.3fs %7.3fs %7.3fs | %9.2fx %9.2fx %9.2fx | %7.2fx %7.2fx\n'
    mdfmt='| %s | %.3f | %.3f | %.3f | %.3f | **%.2f×** | %.2f× | %.2f× | %.2f× | %.2f× |'
    for f in "$fmt" "$mdfmt"; do
        awk -v n="$n" -v m="$m" -v c="$c" -v a="$a" -v name="$name" -v f="$f" \
            -v cn="$(rratio cvm native 2)" -v an="$(rratio cvm-arena native 2)" -v wcn="$(rratio cvm native 1)" \
            -v cm="$(rratio cvm native-musl 2)" -v mn="$(rratio native-musl native 2)" \
            'BEGIN { printf f, name, n, m, c, a, cn, an, wcn, cm, mn }'
        [ "$f" = "$fmt" ] || echo
    done > "$W/row"
    head -1 "$W/row"
    rows+=("$(tail -1 "$W/row")")
done
echo "(CPU seconds = user+sys, medians; ratios = medians of per-round ratios; wall c/n = wall-clock cVM/native; n-musl = native build on the cVM's musl;"
echo " cVM: the low region, GS base 0, as for the cVM of \`run\` or a container; cVM-arn: IV_LOW_REGION=off,"
echo " a region with a non-zero base, as for the other cVMs of a deployment)"
# Huge pages: the two allocation-heavy rows, interleaved, as medians of
# the per-round ratios to native (this machine's page-fault cost moves by
# several times from minute to minute: docs/benchmarks.md "Stop 22").
echo "huge pages (per-round CPU ratio medians to native, $((RUNS + 2)) rounds): native+THP = glibc.malloc.hugetlb=1, cVM-small = IV_HUGE_PAGES=off"
for w in "lua binary-trees(15)|bench/programs/binary_trees.lua|lua|- 15" "speedtest1 --memdb --size 50|/dev/null|speedtest1|--memdb --size 50"; do
    IFS='|' read -r name in prog args <<<"$w"
    for v in native native-thp cvm-small cvm; do : >"$W/h.$v"; done
    for ((r = 0; r < RUNS + 2; r++)); do
        for v in $(rotate $r native native-thp cvm-small cvm); do
            # shellcheck disable=SC2086
            run1 $v "$in" "$prog" $args | cut -d' ' -f2 >>"$W/h.$v"
        done
    done
    ratio() { paste -d' ' "$W/h.$1" "$W/h.native" | awk '{print $1 / $2}' | median; }
    printf '%-30s native+THP %.3fx  cVM-small %.3fx  cVM %.3fx\n' "$name" "$(ratio native-thp)" "$(ratio cvm-small)" "$(ratio cvm)"
done

if [ -n "$md" ]; then
    {
        echo "| workload | native CPU s | native-musl CPU s | cVM CPU s | cVM (arena region) CPU s | cVM / native (CPU) | arena cVM / native (CPU) | cVM / native (wall) | cVM / native-musl (CPU) | native-musl / native (CPU) |"
        echo "|---|---|---|---|---|---|---|---|---|---|"
        printf '%s\n' "${rows[@]}"
    } >"$md"
fi
