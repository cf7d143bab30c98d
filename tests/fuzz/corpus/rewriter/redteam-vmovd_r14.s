# Red-team case: vmovd_r14.  vmovd from xmm into r14d
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: write to reserved register r14
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	vmovd %xmm0, %r14d
#END-BAD
	int3
