#!/bin/bash
# The loader's own limits, reachable with a verified image (found untested by
# `make coverage`): an image larger than the memory budget, image + main
# stack larger than it, and arguments + environment beyond a quarter of the
# main stack or 16384 strings.  Each is a precise error and exit 1, with the
# normal and the ASan/UBSan monitor.
source "$(dirname "$0")/../lib.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if ! build_hello "$T/hello"; then
    fail loader-limits-build "$(tail -3 "$T/hello.log" | tr '\n' ' ')"
    exit 0
fi
# A large image (read into a huge-page buffer from 256 KiB on, loader.c
# image_buf): 320 KiB of read-only data, and garbage of the same size.
printf 'const char iv_big_pad[320 << 10] = {1};\n' >"$T/pad.c"
if ! { "$BIN/ivcc" -O2 -ffreestanding -c "$T/pad.c" -o "$T/pad.o" &&
    "$BIN/ivcc" -nostdlib -o "$T/hello-big" "$ROOT/build/runtime/crt0.o" "$T/hello.o" "$T/pad.o" \
        "$ROOT/build/runtime/libivrt.a"; } >>"$T/build.log" 2>&1; then
    fail loader-big-build "$(tail -3 "$T/build.log" | tr '\n' ' ')"
fi
head -c $((400 << 10)) /dev/urandom >"$T/garbage-big"
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
    if [ "$(stat -c %s "$T/hello-big" 2>/dev/null || echo 0)" -ge $((320 << 10)) ] &&
        out=$("$iv" run "$T/hello-big" 2>&1) && grep -q hello <<<"$out"; then
        pass "loader-big-image$tag"
    else
        fail "loader-big-image$tag" "$(head -c 300 <<<"${out:-}")"
    fi
    out=$("$iv" run "$T/garbage-big" 2>&1); rc=$?
    if [ $rc -eq 1 ] && grep -q "not an ELF file" <<<"$out"; then
        pass "loader-big-garbage$tag"
    else
        fail "loader-big-garbage$tag" "status $rc: $(head -c 300 <<<"$out")"
    fi
    expect loader-image-over-budget "image larger than the memory budget" --mem 4K "$T/hello"
    expect loader-stack-over-budget "image and stack exceed the memory budget" --mem 64K "$T/hello"
    # shellcheck disable=SC2086
    expect loader-args-too-large "arguments too large" --stack 1M "$T/hello" $big $big $big $big $big $big $big \
        $big $big $big $big $big $big $big
    # shellcheck disable=SC2086
    expect loader-too-many-args "arguments too large" "$T/hello" $many
done
