#!/bin/bash
# bench/sandbox_variants.sh RULES: a MEASURING DEVICE, never shipped.  Builds
# an ivcc that drops sandbox rules (RULES joined by '+': ret = plain `ret`
# instead of the masked return; rsp = no 32-bit write + re-base of rsp;
# mem = no %gs:/addr32 on memory operands; gs = no %gs: (addr32 kept);
# a32 = no addr32 (%gs: kept); ind = indirect jumps without the mask;
# bnd = no bundles at all: no bundle mode, no call or label alignment, no
# masks, plain `ret`, so only the prefixes, the rsp re-bases and the
# reserved r14 remain, and the hostcall stubs return with `ret`; bnd+mem+rsp
# is the sandbox alone: no rule but the reserved r14, libc and allocator as
# in the cVM; with bnd, IVV_KEEP puts parts back: see below; fret needs
# call, mask needs label, or the program goes astray), a musl sysroot and
# Lua, speedtest1 and minigzip with it into build/sandbox-variants/var-RULES/
# (var-bnd-keep-PARTS/ with IVV_KEEP=PARTS), and a monitor
# that skips verification (build/sandbox-variants/intravisor-noverify) to
# run them.  The images break the contract on purpose.  Compare their CPU
# time with the normal cVM build of the same sources (docs/benchmarks.md,
# "The sandbox's own share"; run the normal images with the normal monitor,
# see the end): bench/sandbox_share.py VARIANT... does so the way this
# machine needs (pinned to one CPU, rounds, per-round ratios).  Needs `make
# sysroot programs` first.
# With bnd, runtime calls (which the monitor returns from masked) still end
# on a bundle end: they are aligned by hand, 23 bytes of nops and the 9-byte
# call after a 32-byte boundary.
set -e
cd "$(dirname "$0")/.."
v=$1 D=build/sandbox-variants/var-$v${IVV_KEEP:+-keep-$IVV_KEEP}
mkdir -p $D/src $D/bin $D/obj
cp toolchain/*.c toolchain/*.h $D/src/
python3 - "$v" "$D/src/rewrite.c" <<'PY'
import sys
v, p = sys.argv[1], sys.argv[2]
s = open(p).read()
def rep(a, b):
    global s
    assert a in s, a
    s = s.replace(a, b)
drops = v.split('+')
if 'ret' in drops:
    rep('''    out(rw, "\\t.bundle_lock\\n\\tpopq %%r11\\n\\tandl $-32, %%r11d\\n\\taddq %%r14, %%r11\\n"
            "\\tjmp *%%r11\\n\\t.bundle_unlock\\n");''', '''    out(rw, "\\tret\\n");''')
if 'rsp' in drops:
    rep('''    out(rw, "\\t.bundle_lock\\n\\t%s%s\\n\\tleaq (%%rsp,%%r14,1), %%rsp\\n\\t.bundle_unlock\\n", a32 ? "addr32 " : "", line);''',
        '''    (void)line; (void)a32; out(rw, "\\t%s\\n", insn); return;''')
    rep('''        out(rw, "\\t.bundle_lock\\n\\tmovl %%ebp, %%esp\\n\\tleaq (%%rsp,%%r14,1), %%rsp\\n\\t.bundle_unlock\\n"
                "\\tpopq %%rbp\\n");''', '''        out(rw, "\\tleave\\n");''')
if 'ind' in drops: # indirect jumps (not calls) without and/add
    rep('''    out(rw, "\\tandl $-32, %%%s\\n", reg_name(r, 32));
    out(rw, "\\taddq %%r14, %%%s\\n", reg_name(r, 64));''', '''    if (is_call) {
        out(rw, "\\tandl $-32, %%%s\\n", reg_name(r, 32));
        out(rw, "\\taddq %%r14, %%%s\\n", reg_name(r, 64));
    }''')
if 'gs' in drops: # addr32 kept: (%e..) without %gs
    rep('''        snprintf(buf, sizeof buf, "%%gs:%s(%s,%s,%d)%s", m.disp, b, x, m.scale, m.tail);
    else
        snprintf(buf, sizeof buf, "%%gs:%s(%s)%s", m.disp, b, m.tail);''', '''        snprintf(buf, sizeof buf, "%s(%s,%s,%d)%s", m.disp, b, x, m.scale, m.tail);
    else
        snprintf(buf, sizeof buf, "%s(%s)%s", m.disp, b, m.tail);''')
if 'a32' in drops: # %gs kept, 64-bit address registers
    rep('''    char b[16], x[16];
    if (reg32(rw, m.base, b, sizeof b)''', '''    if (!seg[0] && regs) {
        snprintf(buf, sizeof buf, "%%gs:%s", op[0] == '*' ? op + 1 : op);
        res = xstrdup(buf);
        goto done;
    }
    char b[16], x[16];
    if (reg32(rw, m.base, b, sizeof b)''')
if 'bnd' in drops:
    # IVV_KEEP (read when the variant ivcc runs) puts parts back, to split
    # the cost: mode (.bundle_align_mode: no instruction crosses a bundle),
    # lock (plain bundle locks), call (calls end on a bundle end), label
    # (.p2align 5 before address-taken labels and functions), mask (and/add
    # before indirect jumps and calls), fret (returns as fast returns
    # make them: masked, then push and ret), fret0 (the same without the
    # addq of r14: runs right only in the low region, where B is 0), fretq
    # (`andq $-32, (%rsp); ret`: the high half of the address unchecked),
    # fretc (`testb $31, (%rsp); jne` a ud2; `ret`: nothing written),
    # fretr (the masked address computed from the slot and compared with
    # it, `jne` a ud2, `ret`: the whole check, nothing written).
    rep('''static void out(struct rw *rw, const char *fmt, ...)
{''', '''static int keep(const char *what)
{
    const char *k = getenv("IVV_KEEP");
    return k && strstr(k, what);
}

static void out(struct rw *rw, const char *fmt, ...)
{''')
    rep('''    va_list ap;
    va_start(ap, fmt);
    vfprintf(rw->out, fmt, ap);
    va_end(ap);''', '''    va_list ap;
    char *text;
    static int in_lock; /* 1: the open lock was kept, 2: dropped */
    va_start(ap, fmt);
    if (vasprintf(&text, fmt, ap) < 0)
        abort();
    va_end(ap);
    for (char *p = text; *p;) {
        char *e = strchr(p, '\\n');
        size_t n = e ? (size_t)(e - p + 1) : strlen(p);
        int w = 1;
        if (!strncmp(p, "\\t.bundle_align_mode", 19))
            w = keep("mode");
        else if (!strncmp(p, "\\t.bundle_lock align_to_end", 26))
            in_lock = (w = keep("call")) ? 1 : 2;
        else if (!strncmp(p, "\\t.bundle_lock", 13))
            in_lock = (w = keep("lock")) ? 1 : 2;
        else if (!strncmp(p, "\\t.bundle_unlock", 15))
            w = in_lock == 1, in_lock = 0;
        else if (n == 12 && !strncmp(p, "\\t.p2align 5\\n", 12))
            w = keep("label");
        if (w)
            fwrite(p, 1, n, rw->out);
        p += n;
    }
    free(text);''')
    rep('''    out(rw, "\\tandl $-32, %%%s\\n", reg_name(r, 32));
    out(rw, "\\taddq %%r14, %%%s\\n", reg_name(r, 64));''', '''    if (keep("mask")) {
        out(rw, "\\tandl $-32, %%%s\\n", reg_name(r, 32));
        out(rw, "\\taddq %%r14, %%%s\\n", reg_name(r, 64));
    }''')
    rep('''    out(rw, "\\t.bundle_lock\\n\\tpopq %%r11\\n\\tandl $-32, %%r11d\\n\\taddq %%r14, %%r11\\n"
            "\\tjmp *%%r11\\n\\t.bundle_unlock\\n");''', '''    if (keep("fretr")) /* the whole check, read-only: the masked address compared with the slot, then ret (safe while one thread writes) */
        out(rw, "\\t.bundle_lock\\n\\tmovq (%%rsp), %%r11\\n\\tandl $-32, %%r11d\\n\\taddq %%r14, %%r11\\n"
                "\\tcmpq %%r11, (%%rsp)\\n\\tjne 1f\\n\\tret\\n1:\\tud2\\n\\t.bundle_unlock\\n");
    else if (keep("fretc")) /* the return address checked, not written: low bits only (no sandbox; the cost of a read-only check) */
        out(rw, "\\t.bundle_lock\\n\\ttestb $31, (%%rsp)\\n\\tjne 1f\\n\\tret\\n1:\\tud2\\n\\t.bundle_unlock\\n");
    else if (keep("fretq")) /* the return address masked in place: its high half unchecked (no sandbox; the cost of a one-instruction check) */
        out(rw, "\\t.bundle_lock\\n\\tandq $-32, (%%rsp)\\n\\tret\\n\\t.bundle_unlock\\n");
    else if (keep("fret0")) /* the same without the addq: right only where B is 0 (the low region) */
        out(rw, "\\t.bundle_lock\\n\\tpopq %%r11\\n\\tandl $-32, %%r11d\\n"
                "\\tpushq %%r11\\n\\tret\\n\\t.bundle_unlock\\n");
    else if (keep("fret")) /* what fast returns make of it (docs/monitor.md) */
        out(rw, "\\t.bundle_lock\\n\\tpopq %%r11\\n\\tandl $-32, %%r11d\\n\\taddq %%r14, %%r11\\n"
                "\\tpushq %%r11\\n\\tret\\n\\t.bundle_unlock\\n");
    else
        out(rw, "\\tret\\n");''')
    rep('''        out(rw, "\\t.bundle_lock align_to_end\\n\\tgs\\n\\taddr32 call *%s\\n\\t.bundle_unlock\\n", m.disp);''',
        '''        out(rw, "\\t.balign 32\\n\\t.fill 23, 1, 0x90\\n\\tgs\\n\\taddr32 call *%s\\n", m.disp);''')
if 'mem' in drops:
    rep('''    if (!regs) {
        if (!seg[0] && !disp_is_numeric(m.disp)) {''', '''    if (!seg[0] && regs) { res = xstrdup(op[0] == '*' ? op + 1 : op); goto done; }
    if (!regs) {
        if (!seg[0] && !disp_is_numeric(m.disp)) {''')
open(p, 'w').write(s)
PY
F="-std=gnu11 -O2 -Wall -Iinclude -D_GNU_SOURCE -I$D/src"
for f in asmlex regs rename rewrite symtab readfile ivcc spawn imgmark; do gcc $F -c $D/src/$f.c -o $D/obj/$f.o; done
gcc $D/obj/*.o -o $D/bin/ivcc
export IVCC_NO_VERIFY=1
# The sysroot's allocator as in the real one (mimalloc; without it musl's
# oldmalloc, which alone moves Lua and SQLite by several per cent).
IVCC=$PWD/$D/bin/ivcc IVCC_CC=gcc MUSL_OPT=-O2 JOBS=2 MIMALLOC_SRC=third_party/mimalloc \
    bash libos/musl/build-musl.sh third_party/musl $D/musl $D/sysroot >$D/musl.log 2>&1
RT=build/runtime/hostcalls.o
if [[ +$v+ == *+bnd+* ]]; then # the stubs return with a plain ret too
    mkdir -p $D/rt && cp runtime/hostcalls.S $D/rt/
    sed 's/^#define RET .*/#define RET ret/; /^    popq %r11; .$/d; /^    .bundle_lock; andl $-32, %r11d;/d' runtime/sfi_asm.h >$D/rt/sfi_asm.h
    grep -q '^#define RET ret$' $D/rt/sfi_asm.h && ! grep -q 'andl \$-32, %r11d' $D/rt/sfi_asm.h ||
        { echo "sandbox_variants: runtime/sfi_asm.h changed, cannot build the bnd stubs" >&2; exit 1; }
    $D/bin/ivcc -fsfi-sandboxed-asm -Iinclude -c $D/rt/hostcalls.S -o $D/rt/hostcalls.o
    RT=$D/rt/hostcalls.o
fi
ar rs $D/sysroot/lib/libc.a $RT 2>/dev/null
mkdir -p $D/sysroot/include/intravisor && cp include/intravisor.h $D/sysroot/include/ && cp include/intravisor/hostcall.h $D/sysroot/include/intravisor/
O=$D/pobj; mkdir -p $O
LF="-std=gnu99 -DLUA_COMPAT_5_3 -DLUA_USE_POSIX -Ibuild/programs/gen"
SF="-DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_TEMP_STORE=3 -DSQLITE_ENABLE_MATH_FUNCTIONS -Ibuild/programs/sqlite-gen"
OPT="-O2 -fno-isolate-erroneous-paths-dereference"
names="lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes lparser lstate lstring ltable ltm lundump lvm lzio lauxlib lbaselib lcorolib ldblib liolib lmathlib loadlib loslib lstrlib ltablib lutf8lib linit lua"
(for n in $names; do echo $n; done) | xargs -P2 -I{} $D/bin/ivcc $OPT $LF -c third_party/lua5.4/src/{}.c -o $O/{}.o 2>>$D/prog.log
$D/bin/ivcc $OPT $(for n in $names; do echo $O/$n.o; done) -lm -o $D/lua 2>>$D/prog.log
$D/bin/ivcc $OPT $SF -c third_party/sqlite3/test/speedtest1.c -o $O/speedtest1.o 2>>$D/prog.log &
$D/bin/ivcc $OPT $SF -c build/programs/sqlite-gen/sqlite3.c -o $O/sqlite3.o 2>>$D/prog.log
wait
$D/bin/ivcc $OPT $O/speedtest1.o $O/sqlite3.o -lm -o $D/speedtest1 2>>$D/prog.log
ZF="-DHAVE_UNISTD_H -DHAVE_STDARG_H -Ithird_party/zlib"
znames="adler32 crc32 deflate infback inffast inflate inftrees trees zutil compress uncompr gzclose gzlib gzread gzwrite"
(for n in $znames; do echo $n; done) | xargs -P2 -I{} $D/bin/ivcc $OPT $ZF -c third_party/zlib/{}.c -o $O/z-{}.o 2>>$D/prog.log
$D/bin/ivcc $OPT $ZF -c third_party/zlib/test/minigzip.c -o $O/minigzip.o 2>>$D/prog.log
$D/bin/ivcc $OPT $O/minigzip.o $(for n in $znames; do echo $O/z-$n.o; done) -o $D/minigzip 2>>$D/prog.log
M=build/sandbox-variants
if [ ! -x $M/intravisor-noverify ]; then
    # Verification runs (it collects the return sites fast returns patch, up
    # to the first refusal) but its verdict is ignored; and it never uses
    # the verification cache (so its timings include verifying, and it
    # leaves no verdict it did not reach).
    sed -e 's/if (iv_verify_elf_sites(img->data, img->size, &e, add_ret, img) == 0) {/if (iv_verify_elf_sites(img->data, img->size, \&e, add_ret, img) == 0 || 1) {/' \
        -e 's/if (iv_vcache_find(img)) {/if (0) {/' -e 's/iv_vcache_store(img);/;/' \
        monitor/core/loader.c >$M/loader-noverify.c
    { grep -q '== 0 || 1) {' $M/loader-noverify.c && grep -q 'if (0) {' $M/loader-noverify.c &&
        ! grep -q 'iv_vcache_store(img)' $M/loader-noverify.c; } ||
        { echo "sandbox_variants: loader.c changed, cannot build the measuring monitor" >&2; exit 1; }
    gcc -std=gnu11 -O2 -Iinclude -Imonitor -Imonitor/core -D_GNU_SOURCE -c $M/loader-noverify.c -o $M/loader-noverify.o
    objs=$(for c in monitor/*/*.c monitor/core/transition.S; do echo "build/obj/${c%.*}.o"; done | grep -v '/core/loader\.o$')
    gcc $objs $M/loader-noverify.o build/lib/libverifier.a build/lib/libZydis.a \
        -lyaml -lnettle -ljson-c -lpthread -o $M/intravisor-noverify
fi
echo "built $D/lua $D/speedtest1 $D/minigzip (run with $M/intravisor-noverify run ...)"
# Compare against the normal images (build/programs/cvm/) run by the normal
# monitor, which takes their verdict from the cache: the measuring monitor
# verifies every image whole (≈ 8 ms of CPU for Lua) where a variant stops
# at its first refusal, which would charge the every-rule image alone.
