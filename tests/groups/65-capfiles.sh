#!/bin/bash
# CAP Files (docs/ipc.md): named shared buffers between cVMs.  The cVM
# program and the deployments are in tests/capfiles/; the program prints
# its own PASS/FAIL lines, which are passed on prefixed with the run's name
# (lines of concurrent cVMs can interleave, so counts are checked too).
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
IV=$BIN/intravisor
D=$ROOT/tests/capfiles
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

if ! "$BIN/ivcc" -O2 -Wall -Werror -I"$ROOT/include" "$D/cf.c" -o "$T/cf" >"$T/build.log" 2>&1; then
    fail capfiles-build "$(tail -5 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
pass capfiles-build
cp "$D"/*.yaml "$T/"

# up NAME YAML [BIN]: runs a deployment in $T; output in $T/NAME.{out,err},
# status in $rc.  The cVMs' own PASS/FAIL lines are passed on as NAME/...
up() {
    local name=$1 yaml=$2 bin=${3:-$IV}
    (cd "$T" && timeout 60 "$bin" up "$yaml" >"$T/$name.out" 2>"$T/$name.err" </dev/null)
    rc=$?
    grep -E '^(PASS|FAIL) ' "$T/$name.out" | sed -E "s#^(PASS|FAIL) #\\1 $name/#"
}
has() { grep -q -- "$2" "$T/$1.$3"; } # has NAME PATTERN out|err
npass() { grep -c '^PASS' "$T/$1.out"; }
nfail() { grep -c '^FAIL' "$T/$1.out"; }
why() { echo "status $rc; out: $(head -c 400 "$T/$1.out" | tr '\n' '|') err: $(head -c 900 "$T/$1.err" | tr '\n' '|')"; }
ok() { if eval "$2"; then pass "$1"; else fail "$1" "$(why "$1")"; fi; } # ok NAME CONDITION

# --- one cVM alone (intravisor run): run-time capfile, bounds, errors ---------
solo() {
    local name=$1 bin=$2
    timeout 60 "$bin" run "$T/cf" solo >"$T/$name.out" 2>"$T/$name.err" </dev/null
    rc=$?
    grep -E '^(PASS|FAIL) ' "$T/$name.out" | sed -E "s#^(PASS|FAIL) #\\1 $name/#"
    ok "$name" "[ $rc -eq 0 ] && [ \$(nfail $name) -eq 0 ] && [ \$(npass $name) -ge 80 ] && [ ! -s $T/$name.err ]"
}
solo solo "$IV"

# --- YAML capfile: read, written (rw), read back (ro), in order ---------------
up order order.yaml
ok order "[ $rc -eq 0 ] && [ \$(nfail order) -eq 0 ] && has order '5 exited 0' err &&
    [ \"\$(grep '^mapped: ' $T/order.out | tr '\n' '|')\" = 'mapped: Hello world|mapped: Goodbye world|' ]"
ok order-counts "[ \$(npass order) -eq 17 ]"

# --- a store into a read-only mapping is a contained fault -------------------
up rofault rofault.yaml
ok rofault-contained "[ $rc -eq 1 ] && has rofault '^intravisor: cvm crasher: SIGSEGV (signal 11)' err &&
    grep -Eq '^  crasher +139  fault SIGSEGV' $T/rofault.err && grep -Eq '^  healthy-1 +0  exited 0' $T/rofault.err &&
    grep -Eq '^  healthy-2 +0  exited 0' $T/rofault.err && ! has rofault 'store went through' out &&
    [ \$(nfail rofault) -eq 0 ] && [ \$(grep -c '^mapped: Hello world' $T/rofault.out) -eq 2 ]"

# --- many cVMs map the same capfile -------------------------------------------
up many many.yaml
ok many "[ $rc -eq 0 ] && has many '9 exited 0' err && [ \$(nfail many) -eq 0 ] &&
    [ \$(grep -o 'PASS many-alias' $T/many.out | wc -l) -eq 8 ] && has many '^PASS many-count\$' out"

# --- run-time create, grant, shared futexes, revoke while in use --------------
up runtime runtime.yaml
ok runtime-revoke "[ $rc -eq 1 ] && grep -Eq '^  creator +0  exited 0' $T/runtime.err &&
    grep -Eq '^  peer +139  fault SIGSEGV' $T/runtime.err && has runtime 'cvm peer: SIGSEGV' err &&
    has runtime '^PASS rt-revoked-copy' out && has runtime '^PASS rt-peer-woken' out &&
    has runtime '^PASS rt-futex-woke-peer' out && ! has runtime 'went through' out && [ \$(nfail runtime) -eq 0 ]"

# --- revoke while the peer's hostcalls copy into the mapping ------------------
up busy busy.yaml
ok busy-revoke "[ $rc -eq 0 ] && [ \$(nfail busy) -eq 0 ] && has busy '^PASS busy-revoke-efault' out &&
    has busy '^PASS busy-revoke\$' out"

# --- lowering rw to ro makes an existing mapping read-only ------------------------
up lower lower.yaml
ok lower-to-ro "[ $rc -eq 1 ] && grep -Eq '^  lowerer +0  exited 0' $T/lower.err &&
    grep -Eq '^  lowered +139  fault SIGSEGV' $T/lower.err && has lower '^PASS lowered-copy-write' out &&
    has lower '^PASS lowered-map-rw' out && ! has lower 'went through' out && [ \$(nfail lower) -eq 0 ]"

# --- the example ---------------------------------------------------------------
if "$BIN/ivcc" -O2 -Wall -Werror -I"$ROOT/include" "$ROOT/examples/cap_file/cap_file.c" \
    -o "$T/cap_file" >"$T/ex.log" 2>&1; then
    cp "$ROOT/examples/cap_file/cap_file.yaml" "$T/example.yaml"
    sed -i 's#runtime: .*cap_file$#runtime: cap_file#' "$T/example.yaml"
    up example example.yaml
    ok example "[ $rc -eq 0 ] && has example '^read: Hello world' out && has example '^read back: Hello from the writer' out"
else
    fail example-build "$(tail -3 "$T/ex.log" | tr '\n' ' ')"
fi

# --- under AddressSanitizer/UBSan -------------------------------------------------
if [ -x "$SANBIN/intravisor" ]; then
    export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
    solo solo-san "$SANBIN/intravisor"
    for y in order rofault many runtime lower; do
        up "$y-san" "$y.yaml" "$SANBIN/intravisor" >/dev/null
        ok "$y-san" "[ $rc -le 1 ] && ! has $y-san Sanitizer err && [ \$(nfail $y-san) -eq 0 ] && has $y-san 'deployment $y.yaml' err"
    done
fi
