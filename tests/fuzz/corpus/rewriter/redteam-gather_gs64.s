# Red-team case: gather_gs64.  AVX2 gather with GS but 64-bit addressing
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: %gs memory operand with 64-bit addressing
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	vpgatherqq %ymm2, %gs:(%rax,%ymm1,8), %ymm0
#END-BAD
	int3
