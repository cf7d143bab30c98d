#!/bin/bash
# ivcc part 2: the test programs (tests/programs) built with ivcc at -O0,
# -O2 and -O3 with both back ends (and -g); every object and image passes
# the verifier, images have the contract's shape, and, where the monitor
# can run them, they print what the same program prints natively.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
OUT=$ROOT/build/test/ivcc-programs
rm -rf "$OUT"
mkdir -p "$OUT"
IVCC=$BIN/ivcc
IV=$BIN/intravisor
P=tests/programs
PROGS="cgoto dispatch recurse tls inlineasm strops"
[ -x "$IVCC" ] || { fail ivcc-build "build/bin/ivcc missing"; exit 0; }
can_run=0
LINKFLAGS=
"$IV" 2>&1 | grep -q '^ *run ' && can_run=1

# Native reference outputs (host gcc, Linux system calls).
for p in $PROGS; do
    gcc -O2 -DNATIVE -nostdlib -static -no-pie -fno-pie -ffreestanding -fno-stack-protector \
        "$P/$p.c" "$P/rt.c" "$P/native_rt.c" -o "$OUT/$p.native" && "$OUT/$p.native" >"$OUT/$p.expected" ||
        fail "native-$p" "native reference build/run failed"
done

# image_shape IMG: static PIE, the cVM mark, no interpreter but ivcc's
# message (docs/ivcc.md "Running images like programs"), only relative
# relocations, executable segments page-aligned and not writable.
image_shape() {
    local img=$1
    readelf -h "$img" | grep -q 'DYN (' || { echo "not ET_DYN"; return 1; }
    [ "$(od -An -c -j9 -N5 "$img" | tr -d ' ')" = ivcvm ] || { echo "no cVM mark"; return 1; }
    [ "$(readelf -lW "$img" | grep -c 'Requesting program interpreter')" = 1 ] &&
        readelf -lW "$img" | grep -q 'Requesting program interpreter: intravisor cVM image: run it with' ||
        { echo "PT_INTERP other than ivcc's message"; return 1; }
    local bad
    bad=$(readelf -rW "$img" | awk '/^[0-9a-f]+ +[0-9a-f]+ R_X86_64/ && $3 != "R_X86_64_RELATIVE"' | head -1)
    [ -z "$bad" ] || { echo "relocation: $bad"; return 1; }
    local typ off va pa fsz msz flags
    while read -r typ off va pa fsz msz flags; do
        [ "$typ" = LOAD ] || continue
        flags=${flags% *} # drop the alignment column
        case $flags in
        *E*) [[ $flags != *W* ]] && (( va % 4096 == 0 )) || { echo "bad executable segment: $flags $va"; return 1; } ;;
        esac
    done < <(readelf -lW "$img")
    # no native returns, and no fs-relative access but the thread-pointer
    # load (docs/sfi.md section 7)
    objdump -d "$img" | grep -qE '\bret[q]?\b' && { echo "ret in code"; return 1; }
    objdump -d "$img" | grep -E '%fs:' | grep -vqE '(mov|add) +%fs:0x70,%r[a-z0-9]+$' &&
        { echo "%fs access other than the thread-pointer load"; return 1; }
    return 0
}

build_matrix() {
    local be=$1 opt=$2 tag=$3
    shift 3
    local d=$OUT/$tag
    mkdir -p "$d"
    "$IVCC" --backend=$be -c -fsfi-sandboxed-asm -Iinclude "$P/hostcall.S" -o "$d/hostcall.o" ||
        { fail "$tag-hostcall" "hostcall.S"; return; }
    # rt.c sets up the thread pointer, so it cannot itself check canaries.
    "$IVCC" --backend=$be $opt "$@" -fno-stack-protector -ffreestanding -c "$P/rt.c" -o "$d/rt.o" ||
        { fail "$tag-rt" "rt.c"; return; }
    for p in $PROGS; do
        local t=$tag-$p
        if ! "$IVCC" --backend=$be $opt "$@" -ffreestanding -c "$P/$p.c" -o "$d/$p.o" 2>"$d/$p.err"; then
            fail "$t" "compile: $(head -2 "$d/$p.err")"
            continue
        fi
        # shellcheck disable=SC2086
        if ! "$IVCC" -nostdlib $LINKFLAGS "$d/$p.o" "$d/rt.o" "$d/hostcall.o" -o "$d/$p.img" 2>"$d/$p.err"; then
            fail "$t" "link/verify: $(head -2 "$d/$p.err")"
            continue
        fi
        if [ -x "$IV" ] && ! "$IV" verify "$d/$p.o" "$d/$p.img" >/dev/null 2>"$d/$p.err"; then
            fail "$t" "verifier: $(head -2 "$d/$p.err")"
            continue
        fi
        local why
        if ! why=$(image_shape "$d/$p.img"); then
            fail "$t" "image shape: $why"
            continue
        fi
        pass "$t"
        if [ $can_run = 1 ] && [ -f "$OUT/$p.expected" ]; then
            if timeout 20 "$IV" run "$d/$p.img" >"$d/$p.out" 2>"$d/$p.runerr" && cmp -s "$d/$p.out" "$OUT/$p.expected"; then
                pass "$t-runs"
            else
                fail "$t-runs" "output differs from native: $(head -c 200 "$d/$p.out" "$d/$p.runerr" | tr '\n' ' ')"
            fi
        fi
    done
}

for be in gcc clang; do
    for opt in -O0 -O2 -O3; do
        build_matrix $be $opt "$be$opt"
    done
    build_matrix $be -O2 "$be-O2-g" -g
    # stack protector (canary from __stack_chk_guard), per-function sections
    # and a garbage-collecting link
    LINKFLAGS=-Wl,--gc-sections build_matrix $be -O2 "$be-O2-ssp" -fstack-protector-all -ffunction-sections -fdata-sections
    build_matrix $be -O2 "$be-O2-jt" -fjump-tables
done

# Jump tables (off by default, -fjump-tables turns them on) are safe: the
# dense switch in dispatch.c really becomes one with both back ends (the
# -jt builds above verified and ran it).
for be in gcc clang; do
    if IVCC_CC=$be "$IVCC" -O2 -fjump-tables -S -o "$OUT/dispatch-$be.s" "$P/dispatch.c" 2>"$OUT/dispatch-$be.err" &&
        grep -Eq '^[[:space:]]*\.long[[:space:]]+\.L[A-Za-z0-9_]+-\.L' "$OUT/dispatch-$be.s"; then
        pass "jump-table-$be"
    else
        fail "jump-table-$be" "no jump table in ivcc -S output of dispatch.c: $(head -c 200 "$OUT/dispatch-$be.err")"
    fi
done

# CC=ivcc with an ordinary Makefile and an ar/ranlib archive.
mkdir -p "$OUT/make"
if make -s -C "$OUT/make" -f "$ROOT/$P/Makefile.demo" P="$ROOT/$P" CC="$IVCC" >"$OUT/make/log" 2>&1 &&
   [ -x "$IV" ] && "$IV" verify "$OUT/make/demo" >/dev/null; then
    pass make-cc-ivcc-archive
    if [ $can_run = 1 ]; then
        timeout 20 "$IV" run "$OUT/make/demo" >"$OUT/make/out" 2>&1 && cmp -s "$OUT/make/out" "$OUT/recurse.expected" &&
            pass make-cc-ivcc-runs || fail make-cc-ivcc-runs "$(head -c 200 "$OUT/make/out")"
    fi
else
    fail make-cc-ivcc-archive "$(tail -3 "$OUT/make/log")"
fi

# A cVM sysroot: headers from SYSROOT/include, crt1.o and libc.a linked by
# default (here stand-ins: the test runtime as crt1.o, the hostcall stubs
# as libc.a), chosen by --sysroot= or IVCC_SYSROOT.
SR=$OUT/sysroot
mkdir -p "$SR/include" "$SR/lib"
echo '#define SYSROOT_HEADER_SEEN 1' >"$SR/include/sysroot_demo.h"
cp "$OUT/gcc-O2/rt.o" "$SR/lib/crt1.o"
ar rc "$SR/lib/libc.a" "$OUT/gcc-O2/hostcall.o" && ranlib "$SR/lib/libc.a"
cat >"$OUT/sr.c" <<'EOF2'
#include <sysroot_demo.h>
#include "rt.h"
int main(int argc, char **argv) { (void)argc; (void)argv; out_str(SYSROOT_HEADER_SEEN ? "sysroot\n" : "no\n"); return 0; }
EOF2
if "$IVCC" --sysroot="$SR" -O2 -I"$P" "$OUT/sr.c" -o "$OUT/sr.img" 2>"$OUT/sr.err" &&
   IVCC_SYSROOT=$SR "$IVCC" -O2 -I"$P" "$OUT/sr.c" -o "$OUT/sr2.img" 2>>"$OUT/sr.err" &&
   nm "$OUT/sr.img" | grep -q ' T _start' && nm "$OUT/sr.img" | grep -q ' T hc_write'; then
    pass driver-sysroot
    if [ $can_run = 1 ]; then
        [ "$(timeout 20 "$IV" run "$OUT/sr2.img" 2>&1)" = sysroot ] && pass driver-sysroot-runs ||
            fail driver-sysroot-runs "unexpected output"
    fi
else
    fail driver-sysroot "$(head -3 "$OUT/sr.err")"
fi
# -nostartfiles: no crt1.o; -nodefaultlibs: no libc.a.
"$IVCC" --sysroot="$SR" -nostartfiles -I"$P" "$OUT/sr.c" "$OUT/gcc-O2/rt.o" -o "$OUT/sr3.img" 2>/dev/null &&
    pass driver-nostartfiles || fail driver-nostartfiles "link failed"
"$IVCC" --sysroot="$SR" -nodefaultlibs -I"$P" "$OUT/sr.c" -o "$OUT/sr4.img" 2>"$OUT/sr4.err"
[ $? != 0 ] && grep -q 'hc_write' "$OUT/sr4.err" && pass driver-nodefaultlibs ||
    fail driver-nodefaultlibs "libc.a linked despite -nodefaultlibs"
# Without a sysroot, the host's headers are never used.
echo '#include <stdio.h>' >"$OUT/host.c"
"$IVCC" --sysroot="$OUT/none" -c "$OUT/host.c" -o "$OUT/host.o" 2>/dev/null &&
    fail driver-no-host-headers "compiled against the host's stdio.h" || pass driver-no-host-headers

# A link whose image the verifier rejects fails and leaves no image.
printf '%s\n' '.text' '.globl _start' '_start:' 'ret' >"$OUT/badimg.s"
clang -c "$OUT/badimg.s" -o "$OUT/badimg.o"
if [ -x "$IV" ]; then
    "$IVCC" -nostdlib "$OUT/badimg.o" -o "$OUT/badimg.img" 2>"$OUT/badimg.err"
    [ $? = 1 ] && [ ! -e "$OUT/badimg.img" ] && grep -q 'rejected by the verifier' "$OUT/badimg.err" &&
        pass link-rejected-image-removed || fail link-rejected-image-removed "bad image kept or accepted"
fi
exit 0
