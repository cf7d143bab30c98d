#!/bin/bash
# Red-team cases (tests/redteam/): attacks by a cVM image that controls its
# bytes completely.  Two kinds of file:
#   *.s with "# EXPECT: reason": the verifier rejects it with exit 1, that
#       reason and the file offset of the `bad:` label; the twin (the file
#       without its #BEGIN-BAD..#END-BAD lines) is accepted.  Both with the
#       normal and the ASan/UBSan intravisor.
#   *.s with "# RUN-EXIT: N": the image is accepted and `intravisor run`
#       ends with status N (128+signal for a contained fault), the monitor
#       reports it (RUN-MSG, if given) and does not crash.
#   *.sh: a case that builds its own image (ELF tricks); prints PASS/FAIL.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
OUT=$ROOT/build/test/redteam
mkdir -p "$OUT"
LD="-pie --no-dynamic-linker -z separate-code -z max-page-size=4096 -z noexecstack -e _start"
if [ -z "${IV_SANBIN:-}" ]; then
    make -s -C "$ROOT" BUILD=build/san SAN=1 build/san/bin/intravisor >/dev/null 2>&1 ||
        fail redteam-san-build "cannot build build/san/bin/intravisor"
fi
VERIFIERS=("$BIN/intravisor")
[ -x "$SANBIN/intravisor" ] && VERIFIERS+=("$SANBIN/intravisor")

# file offset of symbol $2 in ELF $1
sym_offset() {
    local va typ off vaddr paddr fsz rest
    va=$(nm "$1" | awk -v s="$2" '$3 == s { print $1 }')
    [ -n "$va" ] || return 1
    va=$((16#$va))
    while read -r typ off vaddr paddr fsz rest; do
        [ "$typ" = LOAD ] || continue
        if (( va >= vaddr && va < vaddr + fsz )); then
            printf '0x%x\n' $((va - vaddr + off)); return 0
        fi
    done < <(readelf -lW "$1")
    return 1
}

build() {   # build SRC.s -> $OUT/NAME (and NAME.twin)
    local s=$1 name
    name=$(basename "$s" .s)
    sed '/^#BEGIN-BAD/,/^#END-BAD/d' "$s" >"$OUT/$name.twin.s"
    clang -c "$s" -o "$OUT/$name.o" 2>"$OUT/$name.log" &&
        ld.lld $LD -o "$OUT/$name" "$OUT/$name.o" 2>>"$OUT/$name.log" &&
        "$BIN/iv-mark" "$OUT/$name" 2>>"$OUT/$name.log" &&
        clang -c "$OUT/$name.twin.s" -o "$OUT/$name.twin.o" 2>>"$OUT/$name.log" &&
        ld.lld $LD -o "$OUT/$name.twin" "$OUT/$name.twin.o" 2>>"$OUT/$name.log" &&
        "$BIN/iv-mark" "$OUT/$name.twin" 2>>"$OUT/$name.log"
}

for s in tests/redteam/*.s; do
    name=$(basename "$s" .s)
    expect=$(sed -n 's/^# EXPECT: //p' "$s")
    runexit=$(sed -n 's/^# RUN-EXIT: //p' "$s")
    runmsg=$(sed -n 's/^# RUN-MSG: //p' "$s")
    if ! build "$s"; then
        fail "redteam-$name" "build failed: $(head -3 "$OUT/$name.log" | tr '\n' ' ')"
        continue
    fi
    for v in "${VERIFIERS[@]}"; do
        tag=$([ "$v" = "$BIN/intravisor" ] && echo "" || echo "-san")
        out=$("$v" verify "$OUT/$name" 2>&1); rc=$?
        twin=$("$v" verify "$OUT/$name.twin" 2>&1); trc=$?
        if grep -q 'Sanitizer\|runtime error' <<<"$out$twin"; then
            fail "redteam-$name$tag" "sanitizer report: $(head -3 <<<"$out$twin" | tr '\n' ' ')"
        elif [ -n "$expect" ]; then
            want=$(sym_offset "$OUT/$name" bad)
            if [ $rc -ne 1 ]; then fail "redteam-$name$tag" "accepted (exit $rc): $out"
            elif ! grep -qF -- "$expect" <<<"$out"; then fail "redteam-$name$tag" "wrong reason: $out"
            elif [ -n "$want" ] && ! grep -q ": $want: " <<<"$out"; then
                fail "redteam-$name$tag" "wrong offset (want $want): $out"
            elif [ $trc -ne 0 ]; then fail "redteam-$name$tag" "twin rejected: $twin"
            else pass "redteam-$name$tag"; fi
        elif [ $rc -ne 0 ]; then
            fail "redteam-$name$tag" "rejected a containment case: $out"
        else
            pass "redteam-$name-verify$tag"
        fi
    done
    if [ -n "$runexit" ]; then
        for v in "${VERIFIERS[@]}"; do
            tag=$([ "$v" = "$BIN/intravisor" ] && echo "" || echo "-san")
            out=$(timeout 60 "$v" run "$OUT/$name" 2>&1); rc=$?
            if grep -q 'FATAL\|Sanitizer\|runtime error' <<<"$out"; then
                fail "redteam-$name-run$tag" "monitor failure: $(head -3 <<<"$out" | tr '\n' ' ')"
            elif [ "$rc" != "$runexit" ]; then
                fail "redteam-$name-run$tag" "exit $rc, want $runexit: $(head -3 <<<"$out" | tr '\n' ' ')"
            elif [ -n "$runmsg" ] && ! grep -qF -- "$runmsg" <<<"$out"; then
                fail "redteam-$name-run$tag" "no '$runmsg' in: $(head -3 <<<"$out" | tr '\n' ' ')"
            else
                pass "redteam-$name-run$tag"
            fi
        done
    fi
done

for t in tests/redteam/*.sh; do
    [ -f "$t" ] || continue
    OUT=$OUT BIN=$BIN SANBIN=$SANBIN LD="$LD" bash "$t"
done

# Fast path vs Zydis over prefixes/opcodes the fastpath group does not
# enumerate (tests/redteam/fuzz_prefixes.c).
if cc -std=gnu11 -O2 -Wall -Wextra -Werror -Iinclude tests/redteam/fuzz_prefixes.c \
        build/lib/libverifier.a build/lib/libZydis.a -lpthread -o "$OUT/fuzz_prefixes" 2>"$OUT/fuzz.log"; then
    for seed in 1 $RANDOM; do
        out=$("$OUT/fuzz_prefixes" 300000 "$seed" 2>&1) && pass "redteam-fuzz-prefixes-$seed ($out)" ||
            fail "redteam-fuzz-prefixes-$seed" "$(head -4 <<<"$out" | tr '\n' ' ')"
    done
else
    fail redteam-fuzz-build "$(head -3 "$OUT/fuzz.log" | tr '\n' ' ')"
fi
