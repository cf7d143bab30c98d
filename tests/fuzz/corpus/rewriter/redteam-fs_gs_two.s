# Red-team case: fs_gs_two.  GS then FS override on one access (last wins on CPU)
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: %fs segment is forbidden
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	.byte 0x65, 0x64, 0x67, 0x8b, 0x00
#END-BAD
	int3
