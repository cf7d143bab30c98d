# Red-team case: lock_jmp.  lock prefix on a jmp (#UD)
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: undecodable instruction
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	.byte 0xf0, 0xeb, 0x00
#END-BAD
	int3
