# Helpers for test groups: source this file. Results go to stdout as
# "PASS name" / "FAIL name: why" for tests/run.sh to count.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${IV_BIN:-$ROOT/build/bin}
# Host tools built with AddressSanitizer/UBSan (make test builds them).
SANBIN=${IV_SANBIN:-$ROOT/build/san/bin}
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
# build_hello OUT: the freestanding hello cVM (tests/monitor/hello.c) as
# OUT, its build log in OUT.log; non-zero if it did not build.
build_hello() {
    { "$BIN/ivcc" -O2 -ffreestanding -I"$ROOT/include" -c "$ROOT/tests/monitor/hello.c" -o "$1.o" &&
        "$BIN/ivcc" -nostdlib -o "$1" "$ROOT/build/runtime/crt0.o" "$1.o" "$ROOT/build/runtime/libivrt.a"; } >"$1.log" 2>&1
}
# check NAME CONDITION-COMMAND...: PASS if the command succeeds.
check() { local n=$1; shift; if "$@"; then pass "$n"; else fail "$n" "command failed: $*"; fi; }

# --- deployment groups (66-capstreams, 67-capcalls): with T (work
# directory holding the images and YAML files) and IV (the monitor) set.
# up NAME YAML [BIN]: runs `BIN up YAML` in $T with output in
# $T/NAME.{out,err} and the status in $rc; passes on the deployment's own
# PASS/FAIL lines prefixed with NAME.
up() {
    local name=$1 yaml=$2 bin=${3:-$IV}
    last=$name
    (cd "$T" && timeout 300 "$bin" up "$yaml" >"$T/$name.out" 2>"$T/$name.err" </dev/null)
    rc=$?
    grep -E '^(PASS|FAIL) ' "$T/$name.out" | sed -E "s#^(PASS|FAIL) #\\1 $name/#"
}
has() { grep -Eq -- "$2" "$T/$1.$3"; } # has NAME REGEX out|err
nfail() { grep -c '^FAIL' "$T/$1.out"; }
# why: the last run's status and output
why() { echo "status $rc; out: $(head -c 400 "$T/$last.out" | tr '\n' '|') err: $(head -c 900 "$T/$last.err" | tr '\n' '|')"; }
ok() { if eval "$2"; then pass "$1"; else fail "$1" "$(why "$1")"; fi; } # ok NAME CONDITION
