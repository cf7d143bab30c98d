# Red-team case: xabort.  xabort (RTM)
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: xabort is forbidden
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	xabort $1
#END-BAD
	int3
