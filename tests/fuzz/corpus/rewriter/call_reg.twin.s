# Escape attempt: call_reg.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: indirect call not masked
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	int3
