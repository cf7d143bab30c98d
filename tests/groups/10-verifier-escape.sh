#!/bin/bash
# The escape corpus (tests/escape/*.s): each case is rejected with exit 1,
# the expected reason and (where given) the expected file offset, and its
# twin (the case without the lines between #BEGIN-BAD and #END-BAD) is
# accepted.  Run with the normal and the ASan/UBSan build of intravisor, and
# on the relocatable objects (ET_REL path) too.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
OUT=$ROOT/build/test/escape
mkdir -p "$OUT"
DEFLD="-pie --no-dynamic-linker -z separate-code -z max-page-size=4096 -z noexecstack -e _start"

# Build the sanitizer binary if it is not there (make test builds it too).
# (Re)build the sanitizer binaries (incremental; make test builds them too).
if [ -z "${IV_SANBIN:-}" ]; then
    make -s -C "$ROOT" BUILD=build/san SAN=1 build/san/bin/intravisor build/san/bin/verifier-test \
        >/dev/null 2>&1 || fail san-build "cannot build the sanitizer binaries in build/san"
fi
VERIFIERS=("$BIN/intravisor")
[ -x "$SANBIN/intravisor" ] && VERIFIERS+=("$SANBIN/intravisor")

# file offset of symbol $2 in ELF $1 (through the PT_LOAD that holds it)
sym_offset() {
    local va typ off vaddr paddr fsz rest
    va=$(nm "$1" | awk -v s="$2" '$3 == s { print $1 }')
    [ -n "$va" ] || return 1
    va=$((16#$va))
    while read -r typ off vaddr paddr fsz rest; do
        [ "$typ" = LOAD ] || continue
        if (( va >= vaddr && va < vaddr + fsz )); then
            printf '0x%x\n' $((va - vaddr + off))
            return 0
        fi
    done < <(readelf -lW "$1")
    return 1
}

# Build every case and its twin (a few at a time), then check them.
build_case() {
    local s=$1 name badld
    name=$(basename "$s" .s)
    badld=$(sed -n 's/^# BADLD: //p' "$s")
    [ -n "$badld" ] || badld=$DEFLD
    rm -f "$OUT/$name.built"
    sed '/^#BEGIN-BAD/,/^#END-BAD/d' "$s" >"$OUT/$name.twin.s"
    clang -c "$s" -o "$OUT/$name.o" 2>"$OUT/$name.log" &&
        ld.lld $badld -o "$OUT/$name" "$OUT/$name.o" 2>>"$OUT/$name.log" &&
        "$BIN/iv-mark" "$OUT/$name" 2>>"$OUT/$name.log" &&
        clang -c "$OUT/$name.twin.s" -o "$OUT/$name.twin.o" 2>>"$OUT/$name.log" &&
        ld.lld $DEFLD -o "$OUT/$name.twin" "$OUT/$name.twin.o" 2>>"$OUT/$name.log" &&
        "$BIN/iv-mark" "$OUT/$name.twin" 2>>"$OUT/$name.log" &&
        touch "$OUT/$name.built"
}
jobs=0
for s in tests/escape/*.s; do
    build_case "$s" &
    jobs=$((jobs + 1))
    if [ $jobs -ge 4 ]; then wait -n; jobs=$((jobs - 1)); fi
done
wait

n=0
for s in tests/escape/*.s; do
    name=$(basename "$s" .s)
    n=$((n + 1))
    expect=$(sed -n 's/^# EXPECT: //p' "$s")
    offspec=$(sed -n 's/^# OFFSET: //p' "$s")
    badld=$(sed -n 's/^# BADLD: //p' "$s")
    [ -n "$badld" ] || badld=$DEFLD
    if [ ! -f "$OUT/$name.built" ]; then
        fail "escape-$name" "build failed: $(head -3 "$OUT/$name.log" | tr '\n' ' ')"
        continue
    fi
    want_off=""
    case "$offspec" in
        "") ;;
        0x*) want_off=$offspec ;;
        *) want_off=$(sym_offset "$OUT/$name" "$offspec") ||
               { fail "escape-$name" "no symbol $offspec"; continue; } ;;
    esac
    for v in "${VERIFIERS[@]}"; do
        tag=$([ "$v" = "$BIN/intravisor" ] && echo "" || echo "-san")
        "$v" verify "$OUT/$name" 2>"$OUT/$name.err$tag"
        rc=$?
        msg=$(cat "$OUT/$name.err$tag")
        if [ $rc -ne 1 ]; then
            fail "escape-$name$tag" "exit status $rc (want 1): $msg"
        elif ! grep -qF -- "$expect" <<<"$msg"; then
            fail "escape-$name$tag" "reason '$msg' lacks '$expect'"
        elif [ -n "$want_off" ] && ! grep -qF -- ": $want_off:" <<<"$msg"; then
            fail "escape-$name$tag" "offset: '$msg', want $want_off"
        else
            pass "escape-$name$tag"
        fi
        "$v" verify "$OUT/$name.twin" 2>"$OUT/$name.twin.err$tag"
        rc=$?
        if [ $rc -ne 0 ]; then
            fail "twin-$name$tag" "exit status $rc: $(cat "$OUT/$name.twin.err$tag")"
        else
            pass "twin-$name$tag"
        fi
    done
    # The relocatable objects: the twin passes; the attack (for code-level
    # cases) is rejected for the same reason.
    if "$BIN/intravisor" verify "$OUT/$name.twin.o" 2>"$OUT/$name.twin.o.err"; then
        pass "twin-obj-$name"
    else
        fail "twin-obj-$name" "$(cat "$OUT/$name.twin.o.err")"
    fi
    if [ "$badld" = "$DEFLD" ] && ! grep -q '^# NOOBJ' "$s"; then
        "$BIN/intravisor" verify "$OUT/$name.o" 2>"$OUT/$name.o.err"
        rc=$?
        if [ $rc -eq 1 ] && grep -qF -- "$expect" "$OUT/$name.o.err"; then
            pass "escape-obj-$name"
        else
            fail "escape-obj-$name" "rc=$rc: $(cat "$OUT/$name.o.err")"
        fi
    fi
done
[ $n -ge 30 ] && pass "escape-corpus-size ($n cases)" || fail escape-corpus-size "only $n cases"

# Legal code samplers (tests/escape/good/*.s): accepted, as image and object.
for s in tests/escape/good/*.s; do
    name=good-$(basename "$s" .s)
    if ! clang -c "$s" -o "$OUT/$name.o" 2>"$OUT/$name.log" ||
       ! ld.lld $DEFLD -o "$OUT/$name" "$OUT/$name.o" 2>>"$OUT/$name.log" ||
       ! "$BIN/iv-mark" "$OUT/$name" 2>>"$OUT/$name.log"; then
        fail "$name" "build failed: $(head -3 "$OUT/$name.log" | tr '\n' ' ')"
        continue
    fi
    for v in "${VERIFIERS[@]}"; do
        tag=$([ "$v" = "$BIN/intravisor" ] && echo "" || echo "-san")
        msg=$("$v" verify "$OUT/$name" "$OUT/$name.o" 2>&1) && pass "$name$tag" || fail "$name$tag" "$msg"
    done
done

# Command-line behaviour of intravisor verify.
msg=$("$BIN/intravisor" verify -v "$OUT/good-sampler" 2>&1)
[[ $? -eq 0 && $msg == *": ok ("*" bytes of code)" ]] && pass verify-cli-verbose || fail verify-cli-verbose "$msg"
msg=$("$BIN/intravisor" verify "$OUT/good-sampler" 2>&1)
[[ $? -eq 0 && -z $msg ]] && pass verify-cli-quiet || fail verify-cli-quiet "output: $msg"
msg=$("$BIN/intravisor" verify "$OUT/syscall" "$OUT/good-sampler" "$OUT/ret" 2>&1)
[[ $? -eq 1 && $(grep -c ': 0x' <<<"$msg") -eq 2 ]] && pass verify-cli-all-files ||
    fail verify-cli-all-files "want exit 1 and two reports: $msg"
"$BIN/intravisor" verify >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && pass verify-cli-usage || fail verify-cli-usage "exit $rc"
