# Red-team case: rep_stos_gs.  rep stosq with gs addr32 (implicit es:rdi, GS not applicable)
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
bad:	.byte 0xf3, 0x65, 0x67, 0x48, 0xab
#END-BAD
	int3
