#!/bin/bash
# All of musl 1.2.3 (Debian's source package) compiles with ivcc at -O0, -O2
# and -O3 with both back ends, with the sysroot's allocator (mimalloc,
# always with the clang back end), and every object passes the verifier.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"
make -s musl-source >/dev/null || { fail musl-source "could not fetch musl"; exit 0; }
configs=${MUSL_TEST_CONFIGS:-"gcc:-O2 gcc:-O0 gcc:-O3 clang:-O0 clang:-O2 clang:-O3"}
for cfg in $configs; do
    cc=${cfg%%:*} opt=${cfg#*:}
    name="musl-$cc$opt"
    work=build/musl/$cc$opt
    log=$(mktemp)
    if IVCC="$BIN/ivcc" IVCC_CC=$cc MUSL_OPT=$opt MIMALLOC_SRC=third_party/mimalloc bash libos/musl/build-musl.sh \
            third_party/musl "$work" "$work/prefix" >"$log" 2>&1; then
        pass "$name-builds"
    else
        fail "$name-builds" "$(grep -m3 -E 'error|Error' "$log" | tr '\n' ' ')"
        rm -f "$log"; continue
    fi
    rm -f "$log"
    # Every object musl's Makefile wants for libc.a and the crt files exists.
    want=$(make -s -C "$work/tree" -f Makefile -f - print-objs <<<'print-objs: ; @echo $(LIBC_OBJS) $(CRT_OBJS)')
    nwant=0 missing=""
    for o in $want; do
        nwant=$((nwant + 1))
        [ -f "$work/tree/$o" ] || missing="$missing $o"
    done
    if [ "$nwant" -gt 1000 ] && [ -z "$missing" ]; then
        pass "$name-all-sources ($nwant objects)"
    else
        fail "$name-all-sources" "$nwant wanted, missing:$(echo $missing | cut -c1-200)"
    fi
    if out=$(find "$work/tree/obj" -name '*.o' -print0 | xargs -0 "$BIN/intravisor" verify 2>&1); then
        pass "$name-objects-verify"
    else
        fail "$name-objects-verify" "$(echo "$out" | head -3 | tr '\n' ' ')"
    fi
    if "$BIN/intravisor" verify "$work/prefix/lib/crt1.o" >/dev/null 2>&1 && ar t "$work/prefix/lib/libc.a" >/dev/null; then
        pass "$name-installs"
    else
        fail "$name-installs" "crt1.o or libc.a missing or unverifiable"
    fi
done
