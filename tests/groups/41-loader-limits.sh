#!/bin/bash
# The loader's own limits, reachable with a verified image (found untested by
# `make coverage`): an image larger than the memory budget, image + main
# stack larger than it, and arguments + environment beyond a quarter of the
# main stack or 16384 strings.  Each is a precise error and exit 1, with the
# normal and the ASan/UBSan monitor.
source "$(dirname "$0")/../lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if ! { "$BIN/ivcc" -O2 -ffreestanding -I"$ROOT/include" -c "$ROOT/tests/monitor/hello.c" -o "$T/hello.o" &&
    "$BIN/ivcc" -nostdlib -o "$T/hello" "$ROOT/build/runtime/crt0.o" "$T/hello.o" "$ROOT/build/runtime/libivrt.a"; } \
    >"$T/build.log" 2>&1; then
    fail loader-limits-build "$(tail -3 "$T/build.log" | tr '\n' ' ')"
    exit 0
fi
big=$(head -c 20000 /dev/zero | tr '\0' a)
many=$(seq 1 17000)
for iv in "$BIN/intravisor" "$SANBIN/intravisor"; do
    [ -x "$iv" ] || { fail "loader-limits-monitor" "$iv missing"; continue; }
    tag=$([ "$iv" = "$BIN/intravisor" ] && echo "" || echo "-san")
    # expect NAME MESSAGE ARGS...: exit 1 and MESSAGE on stderr
    expect() {
        local name=$1 msg=$2 out rc
        shift 2
        out=$("$iv" run "$@" 2>&1 >/dev/null); rc=$?
        if [ $rc -eq 1 ] && grep -q "cannot load: $msg" <<<"$out"; then
            pass "$name$tag"
        else
            fail "$name$tag" "status $rc: $(head -c 300 <<<"$out")"
        fi
    }
    expect loader-image-over-budget "image larger than the memory budget" --mem 4K "$T/hello"
    expect loader-stack-over-budget "image and stack exceed the memory budget" --mem 64K "$T/hello"
    # shellcheck disable=SC2086
    expect loader-args-too-large "arguments too large" --stack 1M "$T/hello" $big $big $big $big $big $big $big \
        $big $big $big $big $big $big $big
    # shellcheck disable=SC2086
    expect loader-too-many-args "arguments too large" "$T/hello" $many
done
