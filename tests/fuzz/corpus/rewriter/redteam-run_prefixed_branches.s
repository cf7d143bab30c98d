# Red-team case: run_prefixed_branches.  Branch-hint (2e/3e), bnd (f2) and
# notrack (3e) prefixes and addr32 jecxz/loopl: admitted, and the CPU takes
# the same paths the verifier decoded (exit 0 only if every branch went where
# the verifier expects).
# RUN-EXIT: 0
	.text
	.bundle_align_mode 5
	.globl _start
.macro HC slot
	.p2align 5
	.fill 23, 1, 0x90
	addr32 call *%gs:(0x10000 + 8 * \slot)
.endm
	.p2align 5
_start:
	movl $1, %edi
	xorl %eax, %eax
	.byte 0x2e, 0x74, 0x02		# jz +2 (hint not taken): taken
	jmp fail
	.byte 0x3e, 0x75, 0x02		# jnz +2 (hint taken): not taken
	jmp 1f
	jmp fail
1:	movl $2, %edi
	.byte 0xf2, 0xeb, 0x02		# bnd jmp +2
	jmp fail
	movl $3, %edi
	movabsq $0x100000000, %rcx	# rcx != 0 but ecx == 0
	.byte 0x67, 0xe3, 0x02		# jecxz +2: taken (addr32 -> ecx)
	jmp fail
	movl $4, %edi
	.byte 0xe3, 0x02		# jrcxz +2: not taken (rcx != 0)
	jmp 2f
	jmp fail
2:	movl $5, %edi
	leaq ok(%rip), %rax
	andl $-32, %eax
	addq %r14, %rax
	.byte 0x3e, 0xff, 0xe0		# notrack jmp *%rax
	.p2align 5
fail:
	HC 0
	.p2align 5
ok:
	xorl %edi, %edi
	HC 0
