# Red-team case: xop.  an XOP (AMD) encoding
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
bad:	.byte 0x8f, 0xe9, 0x78, 0xe1, 0xc1
#END-BAD
	int3
