# Red-team case: push_mem16_nogs.  16-bit push of an unconfined memory operand
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
bad:	pushw (%rax)
#END-BAD
	int3
