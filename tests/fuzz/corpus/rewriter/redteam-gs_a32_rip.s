# Red-team case: gs_a32_rip.  EIP-relative with GS+addr32
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: EIP-relative
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	.byte 0x65, 0x67, 0x8b, 0x05, 0, 0, 0, 0
#END-BAD
	int3
