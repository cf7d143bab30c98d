# Red-team case: movdir64b.  movdir64b: 64-byte store at an implicit es:reg address
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
bad:	movdir64b %gs:(%eax), %ecx
#END-BAD
	int3
