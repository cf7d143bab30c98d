#!/usr/bin/env python3
"""elf_patch.py IN OUT WHAT: copy an ELF64 image with one program-header
trick applied (tests/redteam/elf_tricks.sh)."""
import struct, sys

src, dst, what = sys.argv[1], sys.argv[2], sys.argv[3]
d = bytearray(open(src, "rb").read())
phoff, = struct.unpack_from("<Q", d, 0x20)
phnum, = struct.unpack_from("<H", d, 0x38)
PH = "<IIQQQQQQ"   # type flags offset vaddr paddr filesz memsz align

def ph(i):
    return list(struct.unpack_from(PH, d, phoff + 56 * i))

def put(i, p):
    struct.pack_into(PH, d, phoff + 56 * i, *p)

loads = [i for i in range(phnum) if ph(i)[0] == 1]
code = next(i for i in loads if ph(i)[1] & 1)
data = next(i for i in loads if ph(i)[1] & 2)
c, w = ph(code), ph(data)
if what == "tail":          # code cut to its first bundle; the file keeps the rest
    c[5] = c[6] = 32
    put(code, c)
elif what == "datapage":    # data right after the code bytes, in the same page
    c[5] = c[6] = 32
    put(code, c)
    w[3] = w[4] = c[3] + 0x800
    put(data, w)
elif what == "offset":
    w[2] = len(d) + 0x1000
    put(data, w)
elif what == "vaddr":
    w[3] = w[4] = 0xfffffffffffff000
    put(data, w)
elif what == "xnum":
    struct.pack_into("<H", d, 0x38, 0xffff)
elif what == "overlap":
    w[3] = w[4] = c[3] + 16
    put(data, w)
elif what == "memsz":
    c[6] = c[5] + 0x1000
    put(code, c)
elif what == "codeaddr":
    c[3] = c[4] = c[3] + 32
    put(code, c)
elif what == "entry":
    struct.pack_into("<Q", d, 0x18, w[3])
elif what == "wx":
    c[1] |= 2
    put(code, c)
else:
    sys.exit("unknown patch " + what)
open(dst, "wb").write(d)
