#!/bin/bash
# Builds the monitor's test cVMs with ivcc into $1 (a directory):
# each tests/monitor/NAME.c becomes $1/NAME (libc-free, linked with the
# runtime in build/runtime), plus $1/bad-syscall, a hello image patched to
# start with a `syscall` instruction, which the verifier must refuse.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
out=$1
IVCC=${IVCC:-$ROOT/build/bin/ivcc}
RT=${IV_RUNTIME:-$ROOT/build/runtime}
mkdir -p "$out"
for src in "$ROOT"/tests/monitor/*.c; do
    n=$(basename "$src" .c)
    "$IVCC" -O2 -ffreestanding -I"$ROOT/include" -c "$src" -o "$out/$n.o"
    "$IVCC" -nostdlib -o "$out/$n" "$RT/crt0.o" "$out/$n.o" "$RT/libivrt.a"
done
# bad-syscall: overwrite the first instruction at the entry point
# (`mov %rsp, %rbx`, 3 bytes) with `syscall; nop`.
cp "$out/hello" "$out/bad-syscall"
entry=$(od -An -t u8 -j 24 -N 8 "$out/hello" | tr -d ' ')
# the code segment's file offset equals its vaddr in ld.lld's layout; check
read -r first < <(od -An -t x1 -j "$entry" -N 3 "$out/hello" | tr -d ' ')
[ "$first" = 4889e3 ] || { echo "build.sh: unexpected entry bytes $first" >&2; exit 1; }
printf '\x0f\x05\x90' | dd of="$out/bad-syscall" bs=1 seek="$entry" conv=notrunc status=none
# Native harness for the seccomp filter, linked with the monitor's own
# objects (built by `make`).
OBJ=${IV_OBJ:-$ROOT/build/obj}
gcc -std=gnu11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$ROOT/include" -I"$ROOT/monitor" \
    -o "$out/seccomp_wall" "$ROOT/tests/monitor/native/seccomp_wall.c" \
    "$OBJ/monitor/core/arena.o" "$OBJ/monitor/core/seccomp.o"
