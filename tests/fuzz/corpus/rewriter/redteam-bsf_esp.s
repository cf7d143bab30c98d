# Red-team case: bsf_esp.  bsf with a zero source leaves all of rsp unchanged on AMD: the re-base then adds B twice (HOLE, fixed)
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: write to %esp that may leave %rsp unchanged
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
	xorl %eax, %eax
bad:	bsfl %eax, %esp
	leaq (%rsp,%r14,1), %rsp
#END-BAD
	int3
