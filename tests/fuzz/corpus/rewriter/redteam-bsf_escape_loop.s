# Red-team case: bsf_escape_loop.  The working exploit of the bsf hole (found
# and fixed by the red-team pass): bsf %eax,%esp with eax = 0 leaves all 64
# bits of rsp unchanged on AMD, so the re-base adds B again: rsp = 2B + x.
# Repeating it reaches N*B + x (mod 2^64), i.e. a chosen 4 GiB-aligned
# address outside the region; the push then stores there.  Before the fix
# this was accepted and faulted at a canonical address outside the region
# (e.g. 0x379afffefed8); a suitable N reaches mapped monitor memory.
# EXPECT: write to %esp that may leave %rsp unchanged
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	xorl %ecx, %ecx
	.p2align 5
loop:
	xorl %eax, %eax
#BEGIN-BAD
bad:	bsfl %eax, %esp
	leaq (%rsp,%r14,1), %rsp
#END-BAD
	incl %ecx
	movq %rsp, %rdx
	shrq $47, %rdx
	jnz loop
	pushq $0x41
	int3
