#!/bin/bash
# The parts of the trusted core that are not Zydis - the hand-written fast
# path and the multi-threaded split - are checked against the plain Zydis
# path: IV_OPT_CROSSCHECK re-checks every fast-path verdict with Zydis, and
# the verdicts (accept/reject, offset, reason) of all modes must be equal.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
OUT=$ROOT/build/test/fastpath
mkdir -p "$OUT"
T=$BIN/verifier-test
[ -x "$T" ] || { fail fastpath-driver "no $T (run make)"; exit 0; }

for seed in 1 2 $RANDOM; do
    out=$("$T" structured 200000 "$seed" 2>&1) && pass "fastpath-structured-$seed ($out)" ||
        fail "fastpath-structured-$seed" "$(head -5 <<<"$out" | tr '\n' ' ')"
    out=$("$T" random 100000 "$seed" 2>&1) && pass "fastpath-random-$seed ($out)" ||
        fail "fastpath-random-$seed" "$(head -5 <<<"$out" | tr '\n' ' ')"
done

# The same under ASan/UBSan (fewer iterations).
S=$SANBIN/verifier-test
if [ -z "${IV_SANBIN:-}" ]; then
    make -s -C "$ROOT" BUILD=build/san SAN=1 build/san/bin/verifier-test >/dev/null 2>&1
fi
if [ -x "$S" ]; then
    out=$("$S" structured 30000 11 2>&1) && ! grep -q 'Sanitizer\|runtime error' <<<"$out" &&
        pass "fastpath-structured-san ($out)" ||
        fail fastpath-structured-san "$(head -5 <<<"$out" | tr '\n' ' ')"
fi

# Every one- and two-byte opcode (both maps) with every modrm byte, under ten
# prefix combinations: 2.6 million encodings.
out=$("$T" exhaustive 2>&1) && pass "fastpath-exhaustive ($out)" ||
    fail fastpath-exhaustive "$(head -6 <<<"$out" | tr '\n' ' ')"

# Real rewritten code, if ivcc has built musl: every object of libc.a.
if [ -f build/sysroot/lib/libc.a ]; then
    rm -rf "$OUT/musl"; mkdir -p "$OUT/musl"
    (cd "$OUT/musl" && ar x "$ROOT/build/sysroot/lib/libc.a")
    ref=$("$T" elf one "$OUT"/musl/*.o 2>&1)
    out=$("$T" elf cross "$OUT"/musl/*.o 2>&1)
    n=$(ls "$OUT"/musl/*.o | wc -l)
    if [ "$out" = "$ref" ]; then pass "fastpath-musl-objects ($n objects, $(grep -c ': ok$' <<<"$out") accepted)"
    else fail fastpath-musl-objects "$(diff <(echo "$ref") <(echo "$out") | head -4 | tr '\n' ' ')"; fi
fi

# A generated image of realistic sandboxed code (> 256 KiB, so the verifier
# splits it across threads).
LD="-pie --no-dynamic-linker -z separate-code -z max-page-size=4096 -z noexecstack -e _start"
python3 bench/verifier_gen.py 3000 7 >"$OUT/gen.s" && clang -c "$OUT/gen.s" -o "$OUT/gen.o" &&
    ld.lld $LD -o "$OUT/gen" "$OUT/gen.o" && "$BIN/iv-mark" "$OUT/gen" || { fail fastpath-gen "cannot build"; exit 0; }
for m in fast zydis cross one; do
    out=$("$T" elf $m "$OUT/gen" "$OUT/gen.o" 2>&1)
    [ $? -eq 0 ] && pass "fastpath-gen-$m" || fail "fastpath-gen-$m" "$out"
done
if [ -x "$S" ]; then   # the threaded split under the sanitizers
    out=$("$S" elf cross "$OUT/gen" 2>&1)
    [ $? -eq 0 ] && pass fastpath-gen-cross-san || fail fastpath-gen-cross-san "$(head -5 <<<"$out")"
fi

# The same image with an escape planted at many places: every mode must
# report the same first error (same offset, same reason).
TEXT_OFF=$(readelf -lW "$OUT/gen" | awk '$1 == "LOAD" && $8 == "E" { print $2; exit }')
TEXT_SZ=$(readelf -lW "$OUT/gen" | awk '$1 == "LOAD" && $8 == "E" { print $5; exit }')
python3 - "$OUT/gen" $((TEXT_OFF)) $((TEXT_SZ)) "$OUT" <<'PY'
import random, sys
f, off, size, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
b = open(f, 'rb').read()
r = random.Random(5)
for i in range(24):
    c = bytearray(b)
    at = off + r.randrange(size - 8)
    c[at:at + 2] = [b'\x0f\x05', b'\xc3\x90', b'\xff\xe0', b'\x4d\x89'][i % 4]
    open(f"{out}/planted.{i}", 'wb').write(c)
PY
ref=$("$T" elf one "$OUT"/planted.* 2>&1)
n=$(grep -c ': 0x' <<<"$ref")
[ "$n" -ge 20 ] && pass "fastpath-planted-rejected ($n of 24)" ||
    fail fastpath-planted-rejected "only $n of 24 planted escapes rejected: $(head -3 <<<"$ref")"
for m in fast zydis cross; do
    out=$("$T" elf $m "$OUT"/planted.* 2>&1)
    if [ "$out" = "$ref" ]; then pass "fastpath-planted-$m"
    else fail "fastpath-planted-$m" "$(diff <(echo "$ref") <(echo "$out") | head -4 | tr '\n' ' ')"; fi
done

# Every escape case and twin (built by 10-verifier-escape): same verdicts.
if ls build/test/escape/*.o >/dev/null 2>&1; then
    files=(build/test/escape/*.o build/test/escape/*.twin)
    for f in build/test/escape/*; do [[ $f == *.* ]] || files+=("$f"); done
    ref=$("$T" elf one "${files[@]}" 2>&1)
    for m in fast zydis cross; do
        out=$("$T" elf $m "${files[@]}" 2>&1)
        if [ "$out" = "$ref" ]; then pass "fastpath-corpus-$m (${#files[@]} files)"
        else fail "fastpath-corpus-$m" "$(diff <(echo "$ref") <(echo "$out") | head -4 | tr '\n' ' ')"; fi
    done
else
    fail fastpath-corpus "no escape corpus built (run 10-verifier-escape first)"
fi
