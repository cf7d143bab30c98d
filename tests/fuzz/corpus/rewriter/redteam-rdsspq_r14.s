# Red-team case: rdsspq_r14.  rdsspq into r14 (CET)
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: not on the allow-list (CET)
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	rdsspq %r14
#END-BAD
	int3
