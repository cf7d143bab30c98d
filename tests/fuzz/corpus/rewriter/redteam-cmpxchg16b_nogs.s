# Red-team case: cmpxchg16b_nogs.  cmpxchg16b on an unconfined address
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
bad:	cmpxchg16b (%rax)
#END-BAD
	int3
