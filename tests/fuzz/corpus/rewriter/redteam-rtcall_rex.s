# Red-team case: rtcall_rex.  runtime call with a REX prefix inside the exact form
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
	.fill 22, 1, 0x90
bad:	.byte 0x65, 0x67, 0x48, 0xff, 0x14, 0x25, 0x00, 0x00, 0x01, 0x00
#END-BAD
	int3
