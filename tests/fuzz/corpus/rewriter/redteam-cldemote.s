# Red-team case: cldemote.  cldemote (0f 1c /0, a NOP on old CPUs)
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: instruction set extension not on the allow-list
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	cldemote %gs:(%eax)
#END-BAD
	int3
