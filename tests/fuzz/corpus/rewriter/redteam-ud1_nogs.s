# Red-team case: ud1_nogs.  ud1 with an unconfined memory operand
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
bad:	ud1 (%rax), %eax
#END-BAD
	int3
