#!/bin/bash
# Region 0 has no previous region: a push/call with rsp = B writes B-8, which
# must be a reserved, inaccessible guard (docs/sfi.md §1), not whatever the
# monitor maps below the arena later (glibc arenas, thread stacks).  Before
# the red-team pass arena_init gave the unaligned head back right up to B.
# Checked in /proc/PID/maps of a running monitor, and by the push itself.
# The first cVM of a monitor gets the low region at B = 0 when the low
# 4 GiB are free (monitor/core/arena.c): there B-8 is in the kernel half,
# and everything mapped below B+0x10000 must be an inaccessible
# reservation.  IV_LOW_REGION=off checks the arena's first region.
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
for mode in low arena san; do
    v=$BIN/intravisor lowenv=
    case $mode in
        low) tag="" ;;
        arena) tag=-arena lowenv=off ;;
        san) v=$SANBIN/intravisor tag=-san ;;
    esac
    [ -x "$v" ] || continue
    IV_LOW_REGION=$lowenv "$v" run "$OUT/arena/sleep" >"$OUT/arena/out$tag" 2>&1 &
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
if b == 0:
    low = [(lo, hi, p) for lo, hi, p in maps if lo < 0x10000]
    print("ok" if low and all(p == "---p" for lo, hi, p in low) and low[0][1] >= 0x10000
          else "low region: not reserved up to its runtime table: %r" % low)
    sys.exit()
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
