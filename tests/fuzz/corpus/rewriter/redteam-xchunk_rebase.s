# Red-team case: xchunk_rebase.  A direct branch in the first chunk of a
# > 256 KiB segment (verified by two threads) to the re-base of an esp
# pseudo-instruction in the last chunk: the target bitmaps are shared across
# chunks, so it must still be found.
# EXPECT: inside a pseudo-instruction
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
#BEGIN-BAD
bad:	jmp target
#END-BAD
	int3
	.p2align 5
	.rept 10000
	.fill 32, 1, 0x90
	.endr
	.p2align 5
	movl %ebp, %esp
target:	leaq (%rsp,%r14,1), %rsp
	int3
