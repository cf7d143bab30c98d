#!/usr/bin/env python3
"""Generates a large, realistic-looking body of sandboxed x86-64 code (AT&T
assembly, .bundle_align_mode 5) for bench/verifier_bench: the instruction mix
of compiled C after the ivcc rewrite (GS+addr32 memory operands, masked
returns and indirect calls, esp re-bases, bundle-locked calls)."""
import random, sys

r = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
nfuncs = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
R64 = ["rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10", "r11", "r12", "r13", "r15"]
R32 = {"rax": "eax", "rbx": "ebx", "rcx": "ecx", "rdx": "edx", "rsi": "esi", "rdi": "edi",
       "rbp": "ebp", "r8": "r8d", "r9": "r9d", "r10": "r10d", "r11": "r11d", "r12": "r12d",
       "r13": "r13d", "r15": "r15d"}
ALU = ["add", "sub", "and", "or", "xor", "cmp"]
CC = ["e", "ne", "l", "le", "g", "ge", "b", "be", "a", "ae", "s", "ns"]
out = []
w = out.append

def reg(): return r.choice(R64)
def mem():
    b = R32[reg()] if r.random() < 0.9 else "esp"
    k = r.random()
    d = r.choice(["", "8", "16", "-8", "24", "0x40", "-0x28", "0x1a8"])
    if k < 0.6: return f"%gs:{d}(%{b})"
    return f"%gs:{d}(%{b},%{R32[reg()]},{r.choice([1, 2, 4, 8])})"

def insn(nlabels, fi):
    k = r.random()
    a, b = reg(), reg()
    if k < 0.14: w(f"\tmovq {mem()}, %{a}")
    elif k < 0.22: w(f"\tmovl {mem()}, %{R32[a]}")
    elif k < 0.30: w(f"\tmovq %{a}, {mem()}")
    elif k < 0.34: w(f"\tmovl %{R32[a]}, {mem()}")
    elif k < 0.44: w(f"\tmovq %{a}, %{b}")
    elif k < 0.48: w(f"\tmovl ${r.randint(-5, 5000)}, %{R32[a]}")
    elif k < 0.58: w(f"\t{r.choice(ALU)}q %{a}, %{b}")
    elif k < 0.64: w(f"\t{r.choice(ALU)}l ${r.randint(-128, 1000)}, %{R32[a]}")
    elif k < 0.67: w(f"\t{r.choice(ALU)}q {mem()}, %{a}")
    elif k < 0.72: w(f"\tleaq {r.randint(-64, 64)}(%{a},%{b},{r.choice([1, 2, 4, 8])}), %{reg()}")
    elif k < 0.75: w(f"\ttestq %{a}, %{b}")
    elif k < 0.77: w(f"\tmovzbl {mem()}, %{R32[a]}")
    elif k < 0.79: w(f"\timulq %{a}, %{b}")
    elif k < 0.81: w(f"\t{r.choice(['shl', 'shr', 'sar'])}q ${r.randint(1, 63)}, %{a}")
    elif k < 0.83: w(f"\tcmov{r.choice(CC)}q %{a}, %{b}")
    elif k < 0.84: w(f"\tset{r.choice(CC)} %{'al' if a == 'rax' else 'cl'}")
    elif k < 0.86: w(f"\tmovsd {mem()}, %xmm{r.randint(0, 15)}")
    elif k < 0.88: w(f"\t{r.choice(['addsd', 'mulsd', 'subsd', 'movapd'])} %xmm{r.randint(0, 15)}, %xmm{r.randint(0, 15)}")
    elif k < 0.89: w(f"\tmovsd %xmm{r.randint(0, 15)}, {mem()}")
    elif k < 0.95: w(f"\tj{r.choice(CC)} .L{fi}_{r.randrange(nlabels)}")
    elif k < 0.96: w(f"\tjmp .L{fi}_{r.randrange(nlabels)}")
    elif k < 0.985:
        w("\t.bundle_lock align_to_end")
        w(f"\tcall f{r.randrange(nfuncs)}")
        w("\t.bundle_unlock")
    elif k < 0.99:
        w("\t.bundle_lock align_to_end")
        w(f"\taddr32 call *%gs:{0x10000 + 8 * r.randrange(512):#x}")
        w("\t.bundle_unlock")
    else:
        c = reg() if reg() not in ("r11",) else "rax"
        w("\t.bundle_lock align_to_end")
        w(f"\tandl $-32, %{R32[c]}")
        w(f"\taddq %r14, %{c}")
        w(f"\tcall *%{c}")
        w("\t.bundle_unlock")

w("\t.text\n\t.bundle_align_mode 5\n\t.globl _start\n\t.p2align 5\n_start:")
for fi in range(nfuncs):
    w(f"\t.p2align 5\nf{fi}:")
    saved = r.sample(["rbx", "rbp", "r12", "r13", "r15"], r.randint(0, 4))
    for s in saved: w(f"\tpushq %{s}")
    frame = r.choice([0, 16, 24, 40, 56, 120, 4096])
    if frame:
        w("\t.bundle_lock"); w(f"\tsubl ${frame}, %esp"); w("\tleaq (%rsp,%r14,1), %rsp"); w("\t.bundle_unlock")
    n = r.randint(10, 120)
    nlabels = max(1, n // 8)
    labels = sorted(r.sample(range(n), nlabels))
    li = 0
    for i in range(n):
        if li < nlabels and labels[li] == i:
            w(f".L{fi}_{li}:"); li += 1
        insn(nlabels, fi)
    while li < nlabels:
        w(f".L{fi}_{li}:"); li += 1
    if frame:
        w("\t.bundle_lock"); w(f"\taddl ${frame}, %esp"); w("\tleaq (%rsp,%r14,1), %rsp"); w("\t.bundle_unlock")
    for s in reversed(saved): w(f"\tpopq %{s}")
    w("\tpopq %r11"); w("\t.bundle_lock"); w("\tandl $-32, %r11d"); w("\taddq %r14, %r11")
    w("\tjmp *%r11"); w("\t.bundle_unlock")
print("\n".join(out))
