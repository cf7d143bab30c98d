# Red-team case: rtcall_index.  runtime call with an index register
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: memory-indirect call is forbidden except
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
	.p2align 5
	.fill 23, 1, 0x90
bad:	.byte 0x65, 0x67, 0xff, 0x14, 0x05, 0x00, 0x00, 0x01, 0x00
#END-BAD
	int3
