# Red-team case: lods_gs_a32.  lodsb with GS+addr32 prefixes (implicit rsi operand)
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: implicit memory operand
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	.byte 0x65, 0x67, 0xac
#END-BAD
	int3
