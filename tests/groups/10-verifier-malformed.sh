#!/bin/bash
# Malformed inputs: every one gives a clean error (exit 1, a message naming
# the problem), never a crash (status >= 128) or a sanitizer report.  Run
# with the normal and the ASan/UBSan builds.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
OUT=$ROOT/build/test/malformed
rm -rf "$OUT"; mkdir -p "$OUT"
# (Re)build the sanitizer binaries (incremental; make test builds them too).
if [ -z "${IV_SANBIN:-}" ]; then
    make -s -C "$ROOT" BUILD=build/san SAN=1 build/san/bin/intravisor build/san/bin/verifier-test \
        >/dev/null 2>&1 || fail san-build "cannot build the sanitizer binaries in build/san"
fi

# A valid base image.
cat >"$OUT/base.s" <<'ASM'
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:	movl %gs:(%eax), %ecx
	leaq foo(%rip), %rax
	jmp _start
	.data
foo:	.quad foo
ASM
clang -c "$OUT/base.s" -o "$OUT/base.o" &&
    ld.lld -pie --no-dynamic-linker -z separate-code -z max-page-size=4096 -z noexecstack \
        -e _start -o "$OUT/base" "$OUT/base.o" && "$BIN/iv-mark" "$OUT/base" || { fail malformed-base "cannot build"; exit 0; }
check malformed-base-ok "$BIN/intravisor" verify "$OUT/base"
check malformed-base-obj-ok "$BIN/intravisor" verify "$OUT/base.o"

# patch FILE OFFSET SIZE VALUE: write a little-endian integer in place.
patch() {
    python3 - "$@" <<'PY'
import sys
f, off, size, val = sys.argv[1], int(sys.argv[2], 0), int(sys.argv[3]), int(sys.argv[4], 0)
b = bytearray(open(f, 'rb').read())
b[off:off + size] = (val & ((1 << (8 * size)) - 1)).to_bytes(size, 'little')
open(f, 'wb').write(b)
PY
}
# index of the first program header of type $2 (and flags containing $3)
phdr_index() {
    readelf -lW "$1" | awk -v t="$2" -v fl="$3" '
        /^Program Headers:/ { on = 1; next } on && /^ *Type/ { i = 0; next }
        on && NF == 0 { exit }
        on { if ($1 == t && (fl == "" || index($0, fl))) { print i; exit } i++ }'
}
PH=64   # e_phoff of ld.lld output
X=$(phdr_index "$OUT/base" LOAD "R E")
W=$(phdr_index "$OUT/base" LOAD "RW")
D=$(phdr_index "$OUT/base" DYNAMIC)
ph() { echo $((PH + 56 * $1 + $2)); }   # offset of field at byte $2 of phdr $1

mk() { cp "$OUT/base" "$OUT/$1"; }
# expect NAME REASON-SUBSTRING [FILE]: rejected, exit 1, message has REASON.
expect() {
    local name=$1 want=$2 file=${3:-$OUT/$1} v tag rc msg
    for v in "$BIN/intravisor" "$SANBIN/intravisor"; do
        [ -x "$v" ] || continue
        tag=$([ "$v" = "$BIN/intravisor" ] && echo "" || echo "-san")
        msg=$("$v" verify "$file" 2>&1 >/dev/null); rc=$?
        if [ $rc -ne 1 ]; then fail "malformed-$name$tag" "exit status $rc: $msg"
        elif ! grep -qF -- "$want" <<<"$msg"; then fail "malformed-$name$tag" "'$msg' lacks '$want'"
        elif grep -q 'Sanitizer\|runtime error' <<<"$msg"; then fail "malformed-$name$tag" "$msg"
        else pass "malformed-$name$tag"; fi
    done
}

expect missing "cannot open" "$OUT/does-not-exist"
mkdir -p "$OUT/dir"; expect directory "not a regular file" "$OUT/dir"
: >"$OUT/empty"; expect empty "too small"
head -c 4096 /dev/urandom >"$OUT/garbage"; patch "$OUT/garbage" 0 1 0; expect garbage "not an ELF"
head -c 63 "$OUT/base" >"$OUT/trunc63"; expect trunc63 "too small"
head -c 100 "$OUT/base" >"$OUT/trunc100"; expect trunc100 "program headers are not inside"
head -c 4200 "$OUT/base" >"$OUT/trunc4200"; expect trunc4200 "not inside the file"
mk class32; patch "$OUT/class32" 4 1 1; expect class32 "not ELF64"
mk bigendian; patch "$OUT/bigendian" 5 1 2; expect bigendian "little-endian"
mk machine; patch "$OUT/machine" 18 2 3; expect machine "not x86-64"
mk exec; patch "$OUT/exec" 16 2 2; expect exec "neither ET_DYN"
mk core; patch "$OUT/core" 16 2 4; expect core "neither ET_DYN"
mk phoff_huge; patch "$OUT/phoff_huge" 0x20 8 0xfffffffffffffff0; expect phoff_huge "program headers are not inside"
mk phoff_past; patch "$OUT/phoff_past" 0x20 8 0x100000; expect phoff_past "program headers are not inside"
mk phnum_huge; patch "$OUT/phnum_huge" 0x38 2 0xfffe; expect phnum_huge "program headers are not inside"
mk phnum_xnum; patch "$OUT/phnum_xnum" 0x38 2 0xffff; expect phnum_xnum "no program headers"
mk phnum_zero; patch "$OUT/phnum_zero" 0x38 2 0; expect phnum_zero "no program headers"
mk phentsize; patch "$OUT/phentsize" 0x36 2 32; expect phentsize "e_phentsize"
mk poff_wrap; patch "$OUT/poff_wrap" "$(ph "$X" 8)" 8 0xfffffffffffffff8; expect poff_wrap "not inside the file"
mk pfilesz_huge; patch "$OUT/pfilesz_huge" "$(ph "$X" 32)" 8 0xffffffffffffff00
patch "$OUT/pfilesz_huge" "$(ph "$X" 40)" 8 0xffffffffffffff00; expect pfilesz_huge "not inside the file"
mk filesz_gt_memsz; patch "$OUT/filesz_gt_memsz" "$(ph "$X" 40)" 8 1; expect filesz_gt_memsz "not inside the file"
mk vaddr_huge; patch "$OUT/vaddr_huge" "$(ph "$W" 16)" 8 0xfffffffffffff000; expect vaddr_huge "span"
mk span; patch "$OUT/span" "$(ph "$W" 16)" 8 0x40000000; patch "$OUT/span" "$(ph "$W" 40)" 8 0x1000
expect span "span exceeds"
mk overlap; patch "$OUT/overlap" "$(ph "$W" 16)" 8 0x1000; expect overlap "overlap"
mk x_memsz; patch "$OUT/x_memsz" "$(ph "$X" 40)" 8 0x2000; expect x_memsz "p_memsz != p_filesz"
mk wx; patch "$OUT/wx" "$(ph "$X" 4)" 4 7; expect wx "writable and executable"
mk unaligned_x; patch "$OUT/unaligned_x" "$(ph "$X" 16)" 8 0x1020; expect unaligned_x "page boundary"
mk interp; patch "$OUT/interp" "$(ph 0 0)" 4 3; expect interp "PT_INTERP"
mk entry_data; patch "$OUT/entry_data" 0x18 8 0x2000; expect entry_data "entry point"
mk entry_huge; patch "$OUT/entry_huge" 0x18 8 0xffffffffffffffe0; expect entry_huge "entry point"
mk entry_mid; patch "$OUT/entry_mid" 0x18 8 0x1001; expect entry_mid "entry point"
mk dyn_off; patch "$OUT/dyn_off" "$(ph "$D" 8)" 8 0xffffffffffff0000; expect dyn_off "PT_DYNAMIC is not inside"
mk dyn_two; patch "$OUT/dyn_two" "$(ph 0 0)" 4 2; expect dyn_two "more than one PT_DYNAMIC"
# Dynamic entries: rewrite the first one (its tag and value).
DYNOFF=$(readelf -lW "$OUT/base" | awk '$1 == "DYNAMIC" { print $2 }')
dyn() { cp "$OUT/base" "$OUT/$1"; patch "$OUT/$1" "$DYNOFF" 8 "$2"; patch "$OUT/$1" $((DYNOFF + 8)) 8 "$3"; }
dyn needed 1 0; expect needed "DT_NEEDED"
dyn textrel 22 0; expect textrel "TEXTREL"
dyn rel 17 0x2000; expect rel "DT_REL relocations"
dyn relr 36 0x2000; expect relr "DT_RELR"
# dynset NAME TAG VALUE: set the value of the existing entry TAG
dynset() {
    cp "$OUT/base" "$OUT/$1"
    python3 - "$OUT/$1" "$DYNOFF" "$2" "$3" <<'PY'
import sys, struct
f, off, tag, val = sys.argv[1], int(sys.argv[2], 0), int(sys.argv[3], 0), int(sys.argv[4], 0)
b = bytearray(open(f, 'rb').read())
while True:
    t, v = struct.unpack_from('<QQ', b, off)
    if t == tag:
        struct.pack_into('<Q', b, off + 8, val & (2**64 - 1)); break
    if t == 0:
        sys.exit("tag not found")
    off += 16
open(f, 'wb').write(b)
PY
}
dynset relasz_huge 8 0xffffffffffffffe8; expect relasz_huge "DT_RELA"
dynset relasz_odd 8 25; expect relasz_odd "multiple of the Rela entry size"
dynset rela_off 7 0x7ffff000; expect rela_off "DT_RELA table is not inside"
dynset relaent 9 16; expect relaent "DT_RELAENT"
dyn pltrel 20 17; expect pltrel "DT_PLTREL"
# A RELATIVE relocation aimed at the code: find .rela.dyn and retarget it.
RELA=$(readelf -SW "$OUT/base" | sed -n 's/.*\.rela\.dyn *RELA *[0-9a-f]* \([0-9a-f]*\).*/\1/p')
if [ -n "$RELA" ]; then
    mk reloc_code; patch "$OUT/reloc_code" $((16#$RELA)) 8 0x1000; expect reloc_code "non-executable"
    mk reloc_past; patch "$OUT/reloc_past" $((16#$RELA)) 8 0xfffffffffffffffc; expect reloc_past "non-executable"
    mk reloc_type; patch "$OUT/reloc_type" $((16#$RELA + 8)) 4 1; expect reloc_type "not R_X86_64_RELATIVE"
else
    fail malformed-reloc "no .rela.dyn in base image"
fi
# ET_REL: broken section headers.
cp "$OUT/base.o" "$OUT/shoff"; patch "$OUT/shoff" 0x28 8 0xfffffffffffff000; expect shoff "section headers are not inside"
cp "$OUT/base.o" "$OUT/shnum"; patch "$OUT/shnum" 0x3c 2 0xffff; expect shnum "section headers are not inside"
cp "$OUT/base.o" "$OUT/shentsize"; patch "$OUT/shentsize" 0x3a 2 1; expect shentsize "e_shentsize"

# Every truncation of the image and the object, and thousands of mutants,
# verified in-process from exact-size heap buffers by the sanitizer build.
mkdir -p "$OUT/trunc"
# (a truncation of base that keeps every PT_LOAD byte may be accepted:
# section headers do not matter in an image)
LOADEND=$(python3 -c "
import struct
b = open('$OUT/base', 'rb').read()
phoff, = struct.unpack_from('<Q', b, 0x20); n, = struct.unpack_from('<H', b, 0x38)
ph = [struct.unpack_from('<IIQQQQQ', b, phoff + 56 * i) for i in range(n)]
print(max(p[2] + p[5] for p in ph if p[0] == 1))")
for f in base base.o; do
    size=$(stat -c %s "$OUT/$f")
    for ((l = 0; l < size; l += (l < 1024 ? 1 : 61))); do head -c $l "$OUT/$f" >"$OUT/trunc/$f.$l"; done
done
T=$SANBIN/verifier-test; [ -x "$T" ] || T=$BIN/verifier-test
out=$("$T" elf one "$OUT"/trunc/* 2>&1); rc=$?
if [ $rc -ge 2 ] || grep -q 'Sanitizer\|runtime error' <<<"$out"; then
    fail malformed-truncations "status $rc: $(grep -m3 'ERROR\|runtime error' <<<"$out")"
elif sed -n 's|.*/trunc/\(.*\): ok$|\1|p' <<<"$out" |
        awk -F. -v e="$LOADEND" '$2 == "o" || $2 + 0 < e { bad = 1 } END { exit !bad }'; then
    fail malformed-truncations "a truncated file was accepted: $(grep -m1 ': ok$' <<<"$out")"
else
    pass "malformed-truncations ($(wc -l <<<"$out") files)"
fi
for f in base base.o; do
    out=$("$T" mutate "$OUT/$f" 20000 $RANDOM 2>&1); rc=$?
    if [ $rc -ne 0 ] || grep -q 'Sanitizer\|runtime error' <<<"$out"; then
        fail "malformed-mutants-$f" "status $rc: $(grep -m3 'ERROR\|runtime error\|SUMMARY' <<<"$out")"
    else
        pass "malformed-mutants-$f ($out)"
    fi
done
