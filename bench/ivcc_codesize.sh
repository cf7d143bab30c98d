#!/bin/bash
# Code-size and instruction-count growth of ivcc's sandboxed code against
# native code from the same compiler and optimisation level.
# Corpus: C files of musl (third_party/musl: string, stdlib, regex, ctype,
# multibyte, search; no system calls) if present, else tests/programs.
# Prints a small table; IVCC_BENCH_OPT (default -O2), IVCC_BENCH_JOBS (2).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
IVCC=${IVCC:-$ROOT/build/bin/ivcc}
OPT=${IVCC_BENCH_OPT:--O2}
JOBS=${IVCC_BENCH_JOBS:-2}
[ -x "$IVCC" ] || { echo "ivcc_codesize: build/bin/ivcc missing (make host-tools)" >&2; exit 1; }
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

MUSL=$ROOT/third_party/musl
if [ -f "$MUSL/VERSION" ]; then
    corpus="musl $(cat "$MUSL/VERSION")"
    mkdir -p "$W/gen/bits" "$W/gen/internal"
    sed -f "$MUSL/tools/mkalltypes.sed" "$MUSL/arch/x86_64/bits/alltypes.h.in" "$MUSL/include/alltypes.h.in" \
        >"$W/gen/bits/alltypes.h"
    cp "$MUSL/arch/x86_64/bits/syscall.h.in" "$W/gen/bits/syscall.h"
    sed -n -e 's/__NR_/SYS_/p' <"$MUSL/arch/x86_64/bits/syscall.h.in" >>"$W/gen/bits/syscall.h"
    echo '#define VERSION "bench"' >"$W/gen/internal/version.h"
    FLAGS="-std=c99 -nostdinc -ffreestanding -D_XOPEN_SOURCE=700 -fno-stack-protector -w"
    FLAGS+=" -I$MUSL/arch/x86_64 -I$MUSL/arch/generic -I$W/gen/internal -I$MUSL/src/include"
    FLAGS+=" -I$MUSL/src/internal -I$W/gen -I$MUSL/include"
    ls "$MUSL"/src/{string,stdlib,regex,ctype,multibyte,search}/*.c >"$W/files"
else
    corpus="tests/programs"
    FLAGS="-ffreestanding -fno-stack-protector -I$ROOT/include"
    ls "$ROOT"/tests/programs/{cgoto,dispatch,recurse,tls,inlineasm,rt}.c >"$W/files"
fi

# build TAG COMPILER...: compile every file of the corpus into $W/TAG.
build() {
    local tag=$1
    shift
    mkdir -p "$W/$tag"
    # shellcheck disable=SC2086
    xargs -P "$JOBS" -I{} sh -c 'f={}; o='"$W/$tag"'/$(echo "$f" | tr / _).o; '"$*"' '"$OPT $FLAGS"' -c "$f" -o "$o"' \
        <"$W/files" 2>"$W/$tag.err"
}

# text_bytes TAG: total size of the executable (.text*) sections.
text_bytes() {
    for o in "$W/$1"/*.o; do size -A "$o"; done | awk '$1 ~ /^\.text/ { s += $2 } END { print s + 0 }'
}

# insns TAG: "all without-padding": instruction counts, the second without
# the nop/int3 padding that bundle alignment inserts.
insns() {
    objdump -d --no-show-raw-insn "$W/$1"/*.o 2>/dev/null | awk -F'\t' '/^ +[0-9a-f]+:/ {
        n++; split($2, w, " "); m = w[1]
        if (m ~ /^(nop|nopw|nopl|int3|xchg)$/ || $2 ~ /^cs nopw|^data16/) p++ }
        END { print n + 0, n - p }'
}

echo "ivcc code size ($corpus, $(wc -l <"$W/files") files, $OPT)"
printf '%-14s %10s %7s %9s %7s %12s %7s\n' config text_B ratio insns ratio insns_nopad ratio
for be in gcc clang; do
    build "native-$be" "$be -fPIE"
    build "ivcc-$be" "$IVCC --backend=$be"
    nfail=$(grep -c 'error' "$W/ivcc-$be.err")
    for tag in native-$be ivcc-$be; do
        read -r insns nopad <<<"$(insns "$tag")"
        text=$(text_bytes "$tag")
        if [ "$tag" = "native-$be" ]; then
            bt=$text bi=$insns bn=$nopad
        fi
        printf '%-14s %10d %7.2f %9d %7.2f %12d %7.2f\n' "$tag" "$text" "$(echo "$text / $bt" | bc -l)" \
            "$insns" "$(echo "$insns / $bi" | bc -l)" "$nopad" "$(echo "$nopad / $bn" | bc -l)"
    done
    [ "$nfail" = 0 ] || echo "  ($nfail errors compiling with ivcc-$be; see the corpus)"
done
