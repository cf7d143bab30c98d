#!/bin/bash
# build-musl.sh SRC WORK PREFIX
# Builds musl's static libc for cVMs with ivcc in WORK and installs headers,
# libc.a and crt1.o into PREFIX (a cVM sysroot: PREFIX/include, PREFIX/lib).
# SRC is the unpacked Debian musl source (scripts/fetch-source.sh); it is
# copied, never modified. Environment: IVCC (driver path), IVCC_CC (gcc|clang
# back end), MUSL_OPT (e.g. -O2), JOBS.
#
# What we change in musl, and why (docs/libos.md has the full story):
#  * arch/x86_64/syscall_arch.h: `syscall` is forbidden in a cVM, so system
#    calls become calls into the LibOS (__libos_syscall).
#  * atomic_arch.h: a_crash uses `hlt` (privileged); we use `ud2`, which traps
#    the same way and is allowed.
#  * x86_64 assembly that issues system calls (clone, syscall_cp, vfork,
#    __set_thread_area, __unmapself, restore) and the `rep movs`/`rep stos`
#    string routines are removed; the LibOS provides the thread and signal
#    pieces, and libos/musl/string/ SSE2 versions of the hot string routines
#    (the rest are musl's generic C).
#  * setjmp/longjmp: ours, which never restore r14.
#  * the allocator is mimalloc (Debian's source, MIMALLOC_SRC, glued in as
#    MALLOC_DIR=mimalloc by libos/musl/malloc/mimalloc.c) where given, else
#    musl's oldmalloc; never mallocng (slowest here, natively too).
#  * no vDSO: clock_gettime reads the monitor's clock page first
#    (libos/musl/time/, src/time/x86_64/ in the tree).
set -euo pipefail
src=$1 out=$2 prefix=$3
here=$(cd "$(dirname "$0")" && pwd)
IVCC=${IVCC:-$here/../../build/bin/ivcc}
MUSL_OPT=${MUSL_OPT:--O2}
JOBS=${JOBS:-$(nproc)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
mkdir -p "$prefix"
prefix=$(cd "$prefix" && pwd)
tree=$out/tree
# musl's Makefile knows nothing of the compiler: objects made by another
# ivcc may follow an older contract (the thread pointer moved from r15 to
# %fs:0x70 once, docs/sfi.md section 7), so a new ivcc starts afresh.
ivcc_id=$(sha256sum "$IVCC" | cut -c1-16)
[ "$(cat "$tree/.ivcc-id" 2>/dev/null)" = "$ivcc_id" ] || rm -f "$tree/.prepared"
if [ ! -f "$tree/.prepared" ]; then
    rm -rf "$tree"
    cp -a "$src" "$tree"
    cp "$here/arch/syscall_arch.h" "$tree/arch/x86_64/syscall_arch.h"
    sed -i 's/"hlt"/"ud2"/' "$tree/arch/x86_64/atomic_arch.h"
    grep -q '"ud2"' "$tree/arch/x86_64/atomic_arch.h"
    rm -f "$tree"/src/string/x86_64/mem{cpy,move,set}.s \
          "$tree"/src/thread/x86_64/{clone,syscall_cp,__set_thread_area,__unmapself}.s \
          "$tree"/src/ldso/x86_64/tlsdesc.s \
          "$tree"/src/process/x86_64/vfork.s "$tree"/src/signal/x86_64/restore.s \
          "$tree"/crt/x86_64/crt{i,n}.s
    touch "$tree/.prepared"
    echo "$ivcc_id" >"$tree/.ivcc-id"
fi
# The LibOS is compiled as part of musl (musl's Makefile builds every
# src/*/ directory), so it can use musl's internal headers; __clone is the
# x86_64 replacement of the generic one. Refreshed on every build.
# musl's Makefile does not track headers: when a LibOS header changes, every
# LibOS source and the time functions (which include clock_page.h) are
# copied again, so that their new mtime rebuilds them.
mkdir -p "$tree/src/libos"
libos_h_changed=0
for f in "$here"/../src/*.h; do
    cmp -s "$f" "$tree/src/libos/$(basename "$f")" || libos_h_changed=1
done
# The ABI headers the LibOS includes from include/ count too (kept here only
# to compare: a struct that grew must rebuild what fills it).
mkdir -p "$tree/.iv-headers"
for f in "$here"/../../include/intravisor.h "$here"/../../include/intravisor/*.h; do
    if ! cmp -s "$f" "$tree/.iv-headers/$(basename "$f")"; then
        libos_h_changed=1
        cp "$f" "$tree/.iv-headers/"
    fi
done
for f in "$here"/../src/*.c "$here"/../src/*.h; do
    case "$(basename "$f")" in
        clone.c) dest=$tree/src/thread/x86_64/clone.c ;;
        *) dest=$tree/src/libos/$(basename "$f") ;;
    esac
    if [ $libos_h_changed = 1 ] || ! cmp -s "$f" "$dest"; then
        cp "$f" "$dest"
    fi
done
# Our SSE2 string routines (libos/musl/string/) replace musl's generic C
# ones: musl's Makefile prefers src/string/x86_64/NAME.c over src/string/NAME.c.
# musl's Makefile does not track headers: when iv_simd.h changes, every
# routine that includes it is copied again (a new mtime rebuilds it).
simd_changed=0
cmp -s "$here/string/iv_simd.h" "$tree/src/string/x86_64/iv_simd.h" || simd_changed=1
for f in "$here"/string/*; do
    if [ $simd_changed = 1 ] || ! cmp -s "$f" "$tree/src/string/x86_64/$(basename "$f")"; then
        cp "$f" "$tree/src/string/x86_64/"
    fi
done
# clock_gettime reads the clock page first (libos/musl/time/).
for f in "$here"/time/*; do
    if [ $libos_h_changed = 1 ] || ! cmp -s "$f" "$tree/src/time/x86_64/$(basename "$f")"; then
        mkdir -p "$tree/src/time/x86_64" && cp "$f" "$tree/src/time/x86_64/"
    fi
done
# The allocator: mimalloc (Debian's source, MIMALLOC_SRC, glued in by
# libos/musl/malloc/mimalloc.c) where given, else musl's oldmalloc
# (MUSL_MALLOC overrides; docs/libos.md "The allocator").
malloc_dir=${MUSL_MALLOC:-oldmalloc}
if [ -z "${MUSL_MALLOC:-}" ] && [ -n "${MIMALLOC_SRC:-}" ]; then
    malloc_dir=mimalloc
    MIMALLOC_SRC=$(cd "$MIMALLOC_SRC" && pwd)
    mkdir -p "$tree/src/malloc/mimalloc"
    cmp -s "$here/malloc/mimalloc.c" "$tree/src/malloc/mimalloc/mimalloc.c" ||
        cp "$here/malloc/mimalloc.c" "$tree/src/malloc/mimalloc/"
fi
for f in setjmp longjmp; do
    cmp -s "$here/setjmp/$f.s" "$tree/src/setjmp/x86_64/$f.s" || cp "$here/setjmp/$f.s" "$tree/src/setjmp/x86_64/$f.s"
done
cat > "$tree/config.mak" <<MAK
ARCH = x86_64
SUBARCH =
ASMSUBARCH =
srcdir = .
prefix = $prefix
exec_prefix = \$(prefix)
includedir = \$(prefix)/include
libdir = \$(prefix)/lib
syslibdir = /lib
CC = $IVCC
AR = ar
RANLIB = ranlib
CFLAGS = $MUSL_OPT
CFLAGS_AUTO = -pipe -fno-unwind-tables -fno-asynchronous-unwind-tables -ffunction-sections -fdata-sections -Wno-pointer-to-int-cast
CFLAGS_C99FSE = -std=c99 -nostdinc -ffreestanding -frounding-math
CFLAGS_MEMOPS =
CFLAGS_NOSSP = -fno-stack-protector
CPPFLAGS = -I$here/../../include -I\$(srcdir)/src/libos
LDFLAGS =
LDFLAGS_AUTO =
LIBCC =
MALLOC_DIR = $malloc_dir
SHARED_LIBS =
ALL_TOOLS =
TOOL_LIBS =
ADD_CFI = no
AOBJS = \$(LIBC_OBJS)
MAK
if [ "${IVCC_CC:-gcc}" = gcc ]; then
    printf "CFLAGS_AUTO += -fexcess-precision=standard\nCFLAGS_MEMOPS = -fno-tree-loop-distribute-patterns\n" >> "$tree/config.mak"
fi
if [ "$malloc_dir" = mimalloc ]; then
    # mimalloc is C11 with <stdatomic.h>, which musl does not have: its
    # object is built with the compiler's own headers after musl's (never
    # the host's), and with the clang back end (gcc compiles one of its
    # atomic bit operations to `lock bts reg, mem`, which the contract
    # refuses and ivcc does not yet rewrite).  Its madvise is the glue's.
    cat >> "$tree/config.mak" <<MAK
obj/src/malloc/mimalloc/%.lo obj/src/malloc/mimalloc/%.o: CC = IVCC_CC=clang $IVCC
obj/src/malloc/mimalloc/%.lo obj/src/malloc/mimalloc/%.o: CFLAGS_C99FSE = -std=gnu11 -nostdinc -isystem $(clang -print-resource-dir)/include -ffreestanding
obj/src/malloc/mimalloc/%.lo obj/src/malloc/mimalloc/%.o: CPPFLAGS += -D_GNU_SOURCE -I$MIMALLOC_SRC/include -I$MIMALLOC_SRC/src -DNDEBUG -DMI_DEBUG=0 -Dmadvise=libos_mimalloc_madvise -Dmprotect=libos_mimalloc_mprotect -Dmunmap=libos_mimalloc_munmap -Dmmap=libos_mimalloc_mmap
obj/src/malloc/mimalloc/%.lo obj/src/malloc/mimalloc/%.o: CFLAGS_AUTO += -w
MAK
fi
# The archive is remade every time: make would keep members of objects
# that a changed configuration (MALLOC_DIR) no longer wants.
rm -f "$tree/lib/libc.a"
make -C "$tree" -s -j"$JOBS" lib/libc.a lib/crt1.o
make -C "$tree" -s install-headers install-libs >/dev/null
