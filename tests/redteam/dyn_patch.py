#!/usr/bin/env python3
"""dyn_patch.py IN OUT WHAT: copy an ELF64 image with its dynamic section
edited so that its RELATIVE relocations come through DT_JMPREL (the PLT
relocation table) instead of DT_RELA (tests/redteam/dyn_jmprel.sh)."""
import struct, sys

src, dst, what = sys.argv[1], sys.argv[2], sys.argv[3]
d = bytearray(open(src, "rb").read())
phoff, = struct.unpack_from("<Q", d, 0x20)
phnum, = struct.unpack_from("<H", d, 0x38)
entry, = struct.unpack_from("<Q", d, 0x18)
dyn = next(struct.unpack_from("<IIQQQQQQ", d, phoff + 56 * i)[2] for i in range(phnum)
           if struct.unpack_from("<I", d, phoff + 56 * i)[0] == 2)
tags = {}
off = dyn
while True:
    tag, val = struct.unpack_from("<qQ", d, off)
    if tag == 0:
        break
    tags[tag] = off
    off += 16
DT_PLTRELSZ, DT_RELA, DT_RELASZ, DT_RELAENT, DT_PLTREL, DT_JMPREL = 2, 7, 8, 9, 20, 23
def retag(old, new):
    struct.pack_into("<q", d, tags[old], new)
if what in ("jmprel", "jmprel_code"):
    retag(DT_RELA, DT_JMPREL)
    retag(DT_RELASZ, DT_PLTRELSZ)
    if what == "jmprel_code":   # the first relocation patches the entry point
        rela, = struct.unpack_from("<Q", d, tags[DT_RELA] + 8)
        struct.pack_into("<Q", d, rela, entry)   # file offset == vaddr in this layout
elif what == "pltrelsz_alone":
    retag(DT_RELASZ, DT_PLTRELSZ)
elif what == "pltrel_rel":
    retag(DT_RELAENT, DT_PLTREL)   # value 24, not DT_RELA
else:
    sys.exit("unknown patch " + what)
open(dst, "wb").write(d)
