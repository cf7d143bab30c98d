# Red-team case: o16_jrcxz.  0x66 on jrcxz
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: operand-size prefix 0x66 on a branch
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	.byte 0x66, 0xe3, 0x00
#END-BAD
	int3
