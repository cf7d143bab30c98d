# Red-team case: clflush_nogs.  clflush of an unconfined address
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
bad:	clflush (%rax)
#END-BAD
	int3
