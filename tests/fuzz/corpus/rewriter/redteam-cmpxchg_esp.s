# Red-team case: cmpxchg_esp.  cmpxchg leaves esp unchanged (upper half kept) on mismatch
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: write to %rsp
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	cmpxchgl %ecx, %esp
	leaq (%rsp,%r14,1), %rsp
#END-BAD
	int3
