#!/bin/bash
# Region 0 has no previous region: a push/call with rsp = B writes B-8, which
# must be a reserved, inaccessible guard (docs/sfi.md §1), not whatever the
# monitor maps below the arena later (glibc arenas, thread stacks).  Before
# the red-team pass arena_init gave the unaligned head back right up to B.
# Checked in /proc/PID/maps of a running monitor, and by the push itself.
# Environment from tests/groups/12-redteam.sh: OUT BIN SANBIN LD.
source "$(dirname "$0")/../lib.sh"
mkdir -p "$OUT/arena"
cat >"$OUT/arena/sleep.s" <<'ASM'
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl $1500000000, %edi
	.p2align 5
	.fill 23, 1, 0x90
	addr32 call *%gs:0x10020	# nanosleep 1.5 s
	xorl %esp, %esp
	leaq (%rsp,%r14,1), %rsp
	pushq $0x41414141		# writes [B-8, B): must fault
	xorl %edi, %edi
	.p2align 5
	.fill 23, 1, 0x90
	addr32 call *%gs:0x10000
ASM
clang -c "$OUT/arena/sleep.s" -o "$OUT/arena/sleep.o" && ld.lld $LD -o "$OUT/arena/sleep" "$OUT/arena/sleep.o" &&
    "$BIN/iv-mark" "$OUT/arena/sleep" ||
    { fail redteam-arena-build "cannot build"; exit 0; }
for v in "$BIN/intravisor" "$SANBIN/intravisor"; do
    [ -x "$v" ] || continue
    tag=$([ "$v" = "$BIN/intravisor" ] && echo "" || echo "-san")
    "$v" run "$OUT/arena/sleep" >"$OUT/arena/out$tag" 2>&1 &
    pid=$!
    sleep 0.7
    res=$(python3 - "$pid" <<'PY'
import sys
maps = []
for l in open(f"/proc/{sys.argv[1]}/maps"):
    a, perm = l.split()[:2]
    lo, hi = (int(x, 16) for x in a.split("-"))
    maps.append((lo, hi, perm))
# region 0's base: the lowest 4 GiB-aligned B with the runtime table at B+0x10000
bases = [lo - 0x10000 for lo, hi, p in maps if p == "r--p" and (lo - 0x10000) % (1 << 32) == 0]
if not bases:
    print("no region found"); sys.exit()
b = min(bases)
below = [(lo, hi, p) for lo, hi, p in maps if lo <= b - 0x10000 and hi >= b]
print("ok" if below and below[0][2] == "---p" else "unreserved below region 0 (B=%#x)" % b)
PY
)
    wait $pid; rc=$?
    if [ "$res" = ok ]; then pass "redteam-arena-low-guard$tag"; else fail "redteam-arena-low-guard$tag" "$res"; fi
    if [ $rc -eq 139 ] && grep -q SIGSEGV "$OUT/arena/out$tag" && ! grep -q FATAL "$OUT/arena/out$tag"; then
        pass "redteam-arena-push-below-run$tag"
    else
        fail "redteam-arena-push-below-run$tag" "exit $rc: $(head -2 "$OUT/arena/out$tag")"
    fi
done
