#!/bin/bash
# Fuzzers, short fixed budgets (docs/testing.md): the libFuzzer harnesses
# of tests/fuzz/ (verifier + capcheck, YAML validator, ivcc rewriter; ASan
# and UBSan) for FUZZ_TEST_SECONDS each on their committed corpora, which
# hold every input they found (regress-*), then the hostcall fuzzer with a
# fixed seed beside two canaries under the ASan monitor.  `make fuzz` runs
# the long versions.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
secs=${FUZZ_TEST_SECONDS:-20}
if ! make -s fuzz-tools >/tmp/fuzz-build.$$ 2>&1; then
    fail fuzz-build "$(tail -5 /tmp/fuzz-build.$$ | tr '\n' ' ')"
    rm -f /tmp/fuzz-build.$$
    exit 0
fi
rm -f /tmp/fuzz-build.$$
pass fuzz-build

# Found by fuzz_rewriter: xabort/xend went through the rewriter and were
# refused only by the verifier; now the rewriter names them.
for insn in xabort xend; do
    printf '\t.text\nf:\n\t%s%s\n' "$insn" "$([ $insn = xabort ] && echo ' $1')" >/tmp/fuzz-$insn.$$.s
    out=$("$BIN/iv-rewrite" /tmp/fuzz-$insn.$$.s 2>&1 >/dev/null); rc=$?
    rm -f /tmp/fuzz-$insn.$$.s
    if [ $rc -eq 1 ] && grep -q "not allowed in a cVM: $insn" <<<"$out"; then
        pass "rewriter-refuses-$insn"
    else
        fail "rewriter-refuses-$insn" "status $rc: $out"
    fi
done

# Every input a harness found (regress-*): replayed alone, deterministic.
for f in fuzz_verifier fuzz_config fuzz_rewriter; do
    inputs=(tests/fuzz/corpus/"${f#fuzz_}"/regress-*)
    [ -e "${inputs[0]}" ] || continue
    if out=$(build/fuzz/bin/$f "${inputs[@]}" 2>&1); then
        pass "$f-regressions"
    else
        fail "$f-regressions" "$(grep -m1 -E 'ERROR|REFUSED|DISAGREEMENT' <<<"$out" | cut -c1-200)"
    fi
done

# First the hostcall fuzzer (it also builds the image fuzz_config uses):
# under the ASan monitor, then briefly under the normal one, whose seccomp
# allow-list (off under ASan) must let every error path through.
bash tests/fuzz/hcfuzz.sh 1 "${HCFUZZ_TEST_SECONDS:-20}" 4
bash tests/fuzz/hcfuzz.sh 2 10 4 "$BIN/intravisor"

# A fixed number of inputs from a fixed seed (deterministic; the seconds
# only cap it on a slow machine): about 20 s each here.  make fuzz explores.
declare -A runs=([fuzz_verifier]=600000 [fuzz_config]=60000 [fuzz_rewriter]=500 [fuzz_netpolicy]=1000000)
for f in fuzz_verifier fuzz_config fuzz_rewriter fuzz_netpolicy; do
    if out=$(FUZZ_RUNS=${runs[$f]} FUZZ_SEED=1 bash tests/fuzz/run.sh $f "$((secs * 3))" 2>&1); then
        echo "$out"
        pass "$f-${secs}s"
    else
        echo "$out" | tail -40
        fail "$f-${secs}s" "$(echo "$out" | grep -m1 -E 'ERROR|DISAGREEMENT|REFUSED|rw_rewrite' | cut -c1-200)"
    fi
done

