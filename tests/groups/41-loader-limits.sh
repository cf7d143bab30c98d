#!/bin/bash
# The loader's own limits, reachable with a verified image (found untested by
# `make coverage`): an image larger than the memory budget, image + main
# stack larger than it, and arguments + environment beyond a quarter of the
# main stack or 16384 strings, or with their pointers beyond half of it.
# Each is a precise error and exit 1, with the normal and the ASan/UBSan
# monitor.  And the random gap the initial stack has, as on Linux.
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
ones=$(yes a | head -8000 | tr '\n' ' ')
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
    # 8,000 one-byte arguments pass the strings' quarter of a 64 KiB stack,
    # but their pointers do not fit: refused, not written below the stack
    # (the monitor faulted on this before).
    # shellcheck disable=SC2086
    expect loader-arg-pointers-too-large "arguments too large" --stack 64K "$T/hello" $ones
done

# The initial stack has a random gap below the argument strings, as on Linux
# (loader.c build_stack): argv moves from run to run, stays 16-aligned - 8
# (rsp 16-aligned at argc), and argv, envp and AT_RANDOM still hold what they
# should.  Six equal draws out of 512 would fail by chance once in 2^45.
cat >"$T/where.c" <<'C'
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
int main(int argc, char **argv, char **envp)
{
    const unsigned char *r = (const unsigned char *)getauxval(AT_RANDOM);
    int ok = argc == 2 && !strcmp(argv[1], "two") && envp[0] && !strcmp(envp[0], "K=v") && !envp[1] && r;
    printf("%lx %s\n", (unsigned long)(uintptr_t)argv & 0xffffffff, ok ? "ok" : "bad");
    return 0;
}
C
if "$BIN/ivcc" -O2 "$T/where.c" -o "$T/where" >"$T/where.log" 2>&1; then
    seen=$(for _ in 1 2 3 4 5 6; do "$BIN/intravisor" run --env K=v "$T/where" two; done)
    aligned=0
    for a in $(awk '{print $1}' <<<"$seen"); do [ $((16#$a % 16)) -eq 8 ] && aligned=$((aligned + 1)); done
    if [ "$(grep -c ' ok$' <<<"$seen")" -eq 6 ] && [ $aligned -eq 6 ] &&
        [ "$(awk '{print $1}' <<<"$seen" | sort -u | wc -l)" -ge 2 ]; then
        pass loader-stack-gap-random
    else
        fail loader-stack-gap-random "$(tr '\n' ' ' <<<"$seen")"
    fi
    out=$("$BIN/intravisor" run --stack 64K --env K=v "$T/where" two 2>&1)
    if grep -q ' ok$' <<<"$out"; then pass loader-stack-gap-small-stack; else fail loader-stack-gap-small-stack "$out"; fi
else
    fail loader-stack-gap-build "$(tail -3 "$T/where.log" | tr '\n' ' ')"
fi
