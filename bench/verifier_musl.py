#!/usr/bin/env python3
"""Concatenates the executable sections of every object in an ivcc-built
archive (e.g. build/sysroot/lib/libc.a: real, rewritten musl code), each
padded with int3 to a bundle, repeated to at least MIN_MIB MiB, into a raw
code blob for verifier_bench.  Usage: verifier_musl.py LIBC.A OUT [MIN_MIB]"""
import os, struct, subprocess, sys, tempfile

lib, out = sys.argv[1], sys.argv[2]
min_bytes = int(float(sys.argv[3]) * 1048576) if len(sys.argv) > 3 else 8 << 20
blob = bytearray()
with tempfile.TemporaryDirectory() as d:
    subprocess.run(["ar", "x", os.path.abspath(lib)], cwd=d, check=True)
    for f in sorted(os.listdir(d)):
        b = open(os.path.join(d, f), "rb").read()
        if b[:4] != b"\x7fELF" or b[16] != 1:   # ET_REL only
            continue
        shoff, = struct.unpack_from("<Q", b, 0x28)
        shnum, = struct.unpack_from("<H", b, 0x3c)
        for i in range(shnum):
            _, _, flags, _, off, size = struct.unpack_from("<IIQQQQ", b, shoff + 64 * i)
            if flags & 4 and size:   # SHF_EXECINSTR
                while len(blob) % 32:
                    blob.append(0xCC)
                blob += b[off:off + size]
while len(blob) % 32:
    blob.append(0xCC)
if not blob:
    sys.exit("no code")
reps = max(1, -(-min_bytes // len(blob)))
open(out, "wb").write(bytes(blob) * reps)
