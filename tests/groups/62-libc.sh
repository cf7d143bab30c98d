#!/bin/bash
# The cVM libc's own code: the SSE2 string routines (libos/musl/string/)
# against musl's generic C versions, compiled into the same cVM image with a
# ref_ prefix (tests/libc/strdiff.c), and the allocator under a memory
# budget (tests/libc/malloc_budget.c): ENOMEM rather than a crash, freed
# memory reused and returned, the host's resident memory shrinking after a
# cVM frees its heap.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
if [ ! -f build/sysroot/lib/libc.a ] || [ ! -d third_party/musl/src/string ]; then
    fail libc-sysroot "no cVM sysroot or musl source (make sysroot)"
    exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
IV="$BIN/intravisor"

# musl's generic versions, renamed (strchr.c calls __strchrnul, renamed too).
ren=()
for f in memcpy memmove memset memcmp strlen memchr strchr strchrnul __strchrnul strcmp strcspn strcasecmp \
    __strcasecmp_l strncasecmp __strncasecmp_l strspn strstr; do
    ren+=("-D$f=ref_$f")
done
ok_build=1
for f in memcpy memmove memset memcmp strlen memchr strchr strchrnul strcmp strcspn strcasecmp strncasecmp strspn \
    strstr; do
    if ! "$BIN/ivcc" -O2 -ffreestanding -fno-tree-loop-distribute-patterns "${ren[@]}" \
        -include tests/libc/ref_decls.h '-Dweak_alias(a,b)=extern int ref_unused_alias' \
        -c "third_party/musl/src/string/$f.c" -o "$T/ref_$f.o" >"$T/build.log" 2>&1; then
        fail "libc-strings-build-ref-$f" "$(head -3 "$T/build.log" | tr '\n' ' ')"
        ok_build=0
    fi
done
if [ $ok_build = 1 ] && "$BIN/ivcc" -O2 -Wall -Werror tests/libc/strdiff.c "$T"/ref_*.o -o "$T/strdiff" >"$T/build.log" 2>&1; then
    timeout 300 "$IV" run "$T/strdiff" >"$T/strdiff.out" 2>"$T/strdiff.err"
    rc=$?
    grep -E '^(PASS|FAIL)' "$T/strdiff.out"
    if [ $rc -eq 0 ] && grep -q '^PASS strings' "$T/strdiff.out"; then
        pass libc-strings-status
    else
        fail libc-strings-status "status $rc; err: $(head -c 300 "$T/strdiff.err" | tr '\n' '|')"
    fi
    # The image really uses the SSE2 routines, not musl's generic ones.
    if objdump -d "$T/strdiff" | grep -A12 '<strlen>:' | grep -q pcmpeqb; then
        pass libc-strings-sse2-linked
    else
        fail libc-strings-sse2-linked "strlen in the image has no pcmpeqb"
    fi
    # Long and medium copies take the AVX2 loops exactly where the CPU has
    # AVX2 (cpuid in the cVM, iv_cpu.c), and those loops are in the image.
    want=no
    grep -qw avx2 /proc/cpuinfo && want=yes # listed only when the kernel saves ymm
    if grep -qx "avx2 $want" "$T/strdiff.out" &&
        objdump -d "$T/strdiff" | grep -A40 '<__iv_copy_mid_avx2>:' | grep -q ymm; then
        pass libc-strings-avx2-detected
    else
        fail libc-strings-avx2-detected "cpuinfo says $want, the image says $(grep '^avx2' "$T/strdiff.out")"
    fi
    # The same test against the other back ends and levels, where
    # tests/groups/50-musl.sh has built them (it runs first in `make test`).
    for pre in build/musl/*/prefix; do
        cfg=$(basename "$(dirname "$pre")")
        [ "$cfg" != gcc-O2 ] && [ -f "$pre/lib/libc.a" ] || continue
        if IVCC_SYSROOT=$ROOT/$pre "$BIN/ivcc" -O2 tests/libc/strdiff.c "$T"/ref_*.o build/runtime/hostcalls.o \
            -o "$T/strdiff-$cfg" >"$T/build-$cfg.log" 2>&1 &&
            timeout 300 "$IV" run "$T/strdiff-$cfg" >"$T/strdiff-$cfg.out" 2>&1; then
            pass "libc-strings-$cfg"
        else
            fail "libc-strings-$cfg" "$(grep -m3 -E 'FAIL|error' "$T/build-$cfg.log" "$T/strdiff-$cfg.out" | tr '\n' ' ')"
        fi
    done
else
    fail libc-strings-build "$(head -3 "$T/build.log" | tr '\n' ' ')"
fi

if ! "$BIN/ivcc" -O2 -Wall -Werror tests/libc/malloc_budget.c -o "$T/mb" >"$T/build.log" 2>&1; then
    fail libc-malloc-build "$(head -3 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
timeout 120 "$IV" run --mem 64M "$T/mb" >"$T/mb.out" 2>"$T/mb.err"
rc=$?
grep -E '^(PASS|FAIL)' "$T/mb.out"
if [ $rc -eq 0 ] && [ "$(grep -c '^PASS' "$T/mb.out")" -eq 8 ]; then
    pass libc-malloc-budget-status
else
    fail libc-malloc-budget-status "status $rc; err: $(head -c 300 "$T/mb.err" | tr '\n' '|')"
fi

# Resident memory: 150 MiB of 1000-byte blocks, then all freed.  musl's
# allocator advises the middle of large free chunks away (MADV_DONTNEED,
# which the LibOS turns into fresh zero pages), so the host's resident
# memory must fall well below its peak.
coproc MB { timeout 60 "$IV" run --mem 256M "$T/mb" pause 150 2>"$T/mbp.err"; echo "exit $?"; }
rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null; }
# The monitor process running the cVM whose command line matches $1.
monitor_of() {
    local p
    for p in $(pgrep -f "$1"); do
        [ "$(cat "/proc/$p/comm" 2>/dev/null)" = intravisor ] && echo "$p"
    done | tail -1
}
# KiB of transparent huge pages in the low region's heap zone (mappings
# between 16 MiB and 4 GiB: above the image, whose pages are huge too).
heap_huge() {
    python3 - "/proc/$1/smaps" <<'PY' 2>/dev/null
import sys
kb = 0
in_heap = False
for line in open(sys.argv[1]):
    f = line.split()
    if '-' in f[0] and len(f) >= 5:
        lo, hi = (int(x, 16) for x in f[0].split('-'))
        in_heap = lo >= 16 << 20 and hi <= 1 << 32
    elif f[0] == 'AnonHugePages:' and in_heap:
        kb += int(f[1])
print(kb)
PY
}
read -r -t 60 l1 <&"${MB[0]}"
mon=$(monitor_of "$T/mb pause 150")
peak=$(rss "$mon")
heap_huge_peak=$(heap_huge "$mon")
echo go >&"${MB[1]}"
read -r -t 60 l2 <&"${MB[0]}"
after=$(rss "$mon")
echo go >&"${MB[1]}"
read -r -t 60 l3 <&"${MB[0]}"
rc=${l3#exit }
if [ "${rc:-x}" = 0 ] && [ "${l1%% *}" = allocated ] && [ "$l2" = freed ] && [ -n "$peak" ] && [ -n "$after" ] &&
    [ "$peak" -gt 150000 ] && [ $((after * 4)) -lt $((peak * 3)) ]; then
    pass libc-malloc-rss-shrinks
else
    fail libc-malloc-rss-shrinks "status $rc, '$l1'/'$l2', resident ${peak:-?} KiB at the peak, ${after:-?} KiB after free (want < 3/4)"
fi
echo "# resident memory: $peak KiB with 150 MiB of blocks, $after KiB after freeing them"
# Huge pages (docs/libos.md "Huge pages"): a heap past 8 MiB is committed
# in advised 2 MiB blocks, so most of the 150 MiB are transparent huge
# pages; a heap of 4 MiB has none (small cVMs stay small).
if grep -q '\[never\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null ||
    [ ! -e /sys/kernel/mm/transparent_hugepage/enabled ]; then
    echo "SKIP libc-malloc-huge-pages: transparent huge pages are off on this kernel"
else
    ok libc-malloc-huge-pages "[ ${heap_huge_peak:-0} -ge 100000 ]"
    echo "# heap in huge pages: ${heap_huge_peak:-?} KiB of 150 MiB of blocks"
    coproc MS { timeout 60 "$IV" run --mem 256M "$T/mb" pause 4 2>"$T/mbs.err"; echo "exit $?"; }
    read -r -t 60 s1 <&"${MS[0]}"
    mon=$(monitor_of "$T/mb pause 4")
    small_huge=$(heap_huge "$mon")
    small_rss=$(rss "$mon")
    echo go >&"${MS[1]}"
    read -r -t 60 s2 <&"${MS[0]}"
    echo go >&"${MS[1]}"
    read -r -t 60 s3 <&"${MS[0]}"
    ok libc-malloc-small-heap-small-pages "[ '${s3:-}' = 'exit 0' ] && [ '${s1%% *}' = allocated ] && [ -n '$mon' ] && [ '${small_huge:-x}' = 0 ]"
    echo "# a 4 MiB heap: ${small_huge:-?} KiB in huge pages, ${small_rss:-?} KiB resident"
fi

# malloc, fill and free of a 1 MiB block 2,000 times, and of an 8 MiB one
# 200 times: the block's segment is freed and taken again each round, and
# its decommit is kept back (an eighth of the budget, up to 32 MiB), so the
# memory calls stay few (it was a 32 MiB remap and a recommit per round,
# and a page fault per page filled again).
churn() { # churn NAME ROUNDS MIB
    printf 'cvms:\n  - {name: churn, runtime: mb, args: [churn, "%s", "%s"]}\n' "$2" "$3" >"$T/churn.yaml"
    (cd "$T" && timeout 60 "$IV" up --stats "$T/churn.json" churn.yaml >"$T/churn.out" 2>"$T/churn.err")
    local rc=$? nmem
    read -r nmem < <(python3 -c '
import json, sys
h = json.load(open(sys.argv[1]))["cvms"][0]["hostcalls"]
print(h.get("mmap", 0) + h.get("mprotect", 0) + h.get("munmap", 0))' "$T/churn.json" 2>/dev/null)
    echo "# $2 x malloc+fill+free of $3 MiB: ${nmem:-?} memory hostcalls" >&2
    ok "$1" "[ $rc -eq 0 ] && grep -q 'churned $2' '$T/churn.out' && [ ${nmem:-99999} -lt 100 ]"
}
churn libc-malloc-large-churn-no-hostcalls 2000 1
churn libc-malloc-8m-churn-no-hostcalls 200 8

# The sysroot's allocator is mimalloc (docs/libos.md "The allocator"):
# malloc in an image is mimalloc's, and 8 threads allocating, reallocating
# and freeing each other's blocks see nothing go wrong.
nm "$T/mb" | awk '$3 == "__libc_malloc_impl" {print "ok"}' | grep -q ok && nm "$T/mb" | grep -q ' T mi_malloc$' &&
    pass libc-malloc-is-mimalloc || fail libc-malloc-is-mimalloc "mi_malloc or __libc_malloc_impl missing in the image"
if "$BIN/ivcc" -O2 -Wall -Werror -pthread tests/libc/malloc_threads.c -o "$T/mt" >"$T/build.log" 2>&1; then
    timeout 120 "$IV" run --mem 256M "$T/mt" 8 >"$T/mt.out" 2>"$T/mt.err"
    rc=$?
    [ $rc -eq 0 ] && grep -q '^malloc-threads 8 ok$' "$T/mt.out" && pass libc-malloc-threads ||
        fail libc-malloc-threads "status $rc: $(head -c 300 "$T/mt.out" "$T/mt.err" | tr '\n' '|')"
else
    fail libc-malloc-threads-build "$(head -3 "$T/build.log" | tr '\n' ' ')"
fi

# The program break (libos/src/brk.c) and musl's bump allocator, which a
# program that never calls free gets: 40 MiB of 100-byte blocks under a
# 64 MiB budget (one mapping per 4 KiB page before: the mapping limit
# stopped it at ~20 MiB), ENOMEM rather than a crash at the budget's edge.
if "$BIN/ivcc" -O2 -Wall -Werror tests/libc/brk_bump.c -o "$T/bb" >"$T/build.log" 2>&1; then
    nm "$T/bb" | grep -q ' T mi_malloc$' && fail libc-bump-allocator "mimalloc linked into a program without free" ||
        pass libc-bump-allocator
    timeout 60 "$IV" run --mem 64M "$T/bb" brk >"$T/bb.out" 2>"$T/bb.err"
    rc=$?
    grep -E '^(PASS|FAIL)' "$T/bb.out" | sed 's/^\(PASS\|FAIL\) /\1 libc-/'
    [ $rc -eq 0 ] && [ "$(grep -c '^PASS' "$T/bb.out")" -eq 9 ] && pass libc-brk-status ||
        fail libc-brk-status "status $rc: $(head -c 300 "$T/bb.err" | tr '\n' '|')"
    out=$(timeout 60 "$IV" run --mem 64M "$T/bb" bump 40 2>&1)
    [ "$out" = "bump 40 ok" ] && pass libc-bump-40mib || fail libc-bump-40mib "$out"
    out=$(timeout 60 "$IV" run --mem 64M "$T/bb" bump 100 2>&1)
    rc=$?
    [ $rc -eq 1 ] && [[ $out == "bump failed after "*" MiB: Out of memory" ]] && pass libc-bump-budget-enomem ||
        fail libc-bump-budget-enomem "status $rc: $out"
else
    fail libc-brk-build "$(head -3 "$T/build.log" | tr '\n' ' ')"
fi

# The stack protector (tests/libc/ssp.c): the canary comes from musl's
# __stack_chk_guard, and an overflow ends the cVM in __stack_chk_fail
# (a_crash: ud2, SIGILL) instead of returning through a smashed frame.
if "$BIN/ivcc" -O2 -fstack-protector-all tests/libc/ssp.c -o "$T/ssp" >"$T/build.log" 2>&1; then
    out=$(timeout 60 "$IV" run "$T/ssp" 8 2>&1)
    [ "$out" = "smash(8) = 120" ] && pass libc-ssp-intact || fail libc-ssp-intact "$out"
    out=$(timeout 60 "$IV" run "$T/ssp" 40 2>&1)
    rc=$?
    [ $rc -eq 132 ] && [[ $out == *SIGILL* ]] && [[ $out != *"smash(40)"* ]] && pass libc-ssp-overflow-caught ||
        fail libc-ssp-overflow-caught "status $rc: $(head -c 300 <<<"$out" | tr '\n' '|')"
else
    fail libc-ssp-build "$(head -3 "$T/build.log" | tr '\n' ' ')"
fi
