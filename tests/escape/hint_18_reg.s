# Escape attempt: hint_18_reg.  0f 18 with a register operand: a reserved nop, not a prefetch.
# EXPECT: hint-nop space
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	prefetcht0 %gs:(%eax)
#BEGIN-BAD
	.p2align 5
bad:	.byte 0x0f, 0x18, 0xc0
#END-BAD
	int3
