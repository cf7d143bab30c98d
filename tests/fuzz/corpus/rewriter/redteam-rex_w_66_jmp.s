# Red-team case: rex_w_66_jmp.  REX.W after 0x66 on jmp rel (AMD/Intel length disagreement)
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
bad:	.byte 0x66, 0x48, 0xe9, 0, 0, 0, 0
#END-BAD
	int3
