# Red-team case: gather_nogs.  AVX2 gather without GS: VSIB element addresses unconfined
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: memory operand without %gs
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	vpgatherdd %ymm2, (%rax,%ymm1,4), %ymm0
#END-BAD
	int3
