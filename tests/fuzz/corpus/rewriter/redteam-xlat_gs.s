# Red-team case: xlat_gs.  xlat with a GS prefix (implicit rbx+al)
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: xlat is forbidden
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	.byte 0x65, 0x67, 0xd7
#END-BAD
	int3
