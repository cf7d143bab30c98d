#!/bin/bash
# The main job (make run): build a cVM image from ordinary C, verify it, run
# it in the monitor, show a hostile image being refused, then deploy
# examples/demo.yaml: real programs (Lua, SQLite, zlib, a threaded C job) as
# cVMs side by side in one monitor, with the summary and statistics.
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
$B/iv-mark $out/escape   # the cVM image mark is easy to forge; the code check is what counts
if $B/intravisor verify $out/escape; then echo "BUG: accepted"; exit 1; fi
if $B/intravisor run $out/escape; then echo "BUG: ran"; exit 1; fi
echo "refused, as it should be"

step "build real programs as cVM images: Lua, the SQLite shell, zlib's minigzip (examples/programs; the first time takes a few minutes)"
make --no-print-directory -s build/programs/cvm/lua build/programs/cvm/sqlite3 build/programs/cvm/minigzip
$B/ivcc -O2 -pthread examples/jobs/primes.c -o $out/primes -lm
$B/ivcc -O2 examples/cap_call/kv.c -o $out/kv
mkdir -p $out/demo-root
cat README.md docs/*.md > $out/demo-root/input.txt   # the data the zlib and Lua jobs work on
rm -f $out/demo-root/input.txt.gz $out/roundtrip.txt
ls -l build/programs/cvm/lua build/programs/cvm/sqlite3 build/programs/cvm/minigzip $out/primes

step "deploy examples/demo.yaml: eight cVMs in one monitor (docs/config.md)"
$B/intravisor up --stats $out/demo-stats.json examples/demo.yaml

step "results"
ls -l $out/demo-root/input.txt $out/demo-root/input.txt.gz
cmp $out/demo-root/input.txt $out/roundtrip.txt && echo "gzip -> gunzip round trip through two cVMs: identical"
echo "per-cVM statistics (JSON): $out/demo-stats.json"
python3 -c 'import json,sys
for c in json.load(open(sys.argv[1]))["cvms"]:
    hc = sum(c["hostcalls"].values())
    print("  %-7s status %s  cpu %.3f s  peak %5.1f MiB  %6d hostcalls" % (c["name"], c["status"], c["cpu_seconds"], c["peak_memory"] / 2**20, hc))' $out/demo-stats.json
