#!/bin/bash
# The main job (make run): build a cVM image from ordinary C, verify it, run
# it in the monitor, and show a hostile image being refused.
set -euo pipefail
cd "$(dirname "$0")/.."
B=build/bin
out=build/examples
mkdir -p "$out"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "compile examples/hello.c with ivcc (gcc back end, musl, LibOS)"
$B/ivcc -O2 examples/hello.c -o $out/hello
ls -l $out/hello

step "verify the image against the sandbox contract"
$B/intravisor verify -v $out/hello

step "run it as a cVM"
$B/intravisor run --name hello $out/hello one two three

step "a hostile image (a raw syscall): the verifier rejects it"
clang -c examples/escape.S -o $out/escape.o   # not ivcc: an attacker brings their own bytes
ld.lld -pie --no-dynamic-linker -z separate-code -z max-page-size=4096 -z noexecstack \
    -e _start $out/escape.o -o $out/escape
if $B/intravisor verify $out/escape; then echo "BUG: accepted"; exit 1; fi
if $B/intravisor run $out/escape; then echo "BUG: ran"; exit 1; fi
echo "refused, as it should be"
