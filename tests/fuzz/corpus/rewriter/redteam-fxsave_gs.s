# Red-team case: fxsave_gs.  fxsave (512 bytes)
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: fxsave/xsave family is forbidden
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	fxsave %gs:(%eax)
#END-BAD
	int3
