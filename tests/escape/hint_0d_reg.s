# Escape attempt: hint_0d_reg.  0f 0d with a register operand: a nop to Zydis, not prefetchw.
# EXPECT: hint-nop space
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	prefetchw %gs:(%eax)		# the twin keeps prefetchw
#BEGIN-BAD
	.p2align 5
bad:	.byte 0x0f, 0x0d, 0xc0
#END-BAD
	int3
