#!/bin/bash
# Regenerates the committed seed corpora of the libFuzzer harnesses
# (tests/fuzz/corpus/NAME/) from the repository's own tests.  Run by hand
# (needs build/difftest/corpus.bin from `make`); the output is committed so
# that fuzzing starts from the same place everywhere.  Inputs the fuzzers
# found (regress-*) are kept.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
C=$ROOT/tests/fuzz/corpus
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
LD="-pie --no-dynamic-linker -z separate-code -z max-page-size=4096 -z noexecstack -e _start"
for d in verifier config rewriter; do
    mkdir -p "$C/$d"
    find "$C/$d" -type f ! -name 'regress-*' -delete
done

# verifier: a few escape cases and their accepted twins, as ET_DYN images
# and ET_REL objects; the difftest corpus as raw code, in 1 KiB windows.
for name in call_reg esp_norebase crossing elf_wx elf_reloc_abs elf_entry addr32_nogs \
            branch_66_jmp ds_then_gs call_mem_gs; do
    s=$ROOT/tests/escape/$name.s
    sed '/^#BEGIN-BAD/,/^#END-BAD/d' "$s" >"$T/$name.twin.s"
    for v in "$name" "$name.twin"; do
        src=$s; [ "$v" = "$name" ] || src=$T/$v.s
        clang -c "$src" -o "$C/verifier/$v.o"
        badld=$(sed -n 's/^# BADLD: //p' "$s")
        [ "$v" = "$name" ] && [ -n "$badld" ] || badld=$LD
        ld.lld $badld -o "$C/verifier/$v.elf" "$C/verifier/$v.o" 2>/dev/null || rm -f "$C/verifier/$v.elf"
        strip -s "$C/verifier/$v.elf" 2>/dev/null || true
    done
done
split -b 1024 -d "$ROOT/build/difftest/corpus.bin" "$C/verifier/code-"

# config: every deployment file of the tests.
for y in "$ROOT"/tests/deploy/*.yaml "$ROOT"/tests/cap*/*.yaml; do
    [ -f "$y" ] && cp "$y" "$C/config/$(basename "$(dirname "$y")")-$(basename "$y")"
done

# rewriter: compiler output for some test programs (both back ends) and
# hand-written assembly (the escape twins, the red-team cases).
for c in tests/monitor/threads.c tests/monitor/canary.c tests/programs/cgoto.c \
         tests/programs/strops.c tests/programs/dispatch.c tests/deploy/job.c; do
    n=$(basename "$c" .c)
    gcc -O2 -S -I"$ROOT/include" -ffreestanding "$ROOT/$c" -o "$C/rewriter/$n.gcc.s" 2>/dev/null || true
    clang -O2 -S -I"$ROOT/include" -ffreestanding "$ROOT/$c" -o "$C/rewriter/$n.clang.s" 2>/dev/null || true
done
for s in "$ROOT"/tests/redteam/*.s; do
    cp "$s" "$C/rewriter/redteam-$(basename "$s")"
done
cp "$T"/call_reg.twin.s "$T"/crossing.twin.s "$C/rewriter/"
find "$C" -type f -size 0 -delete
du -sh "$C"/*
