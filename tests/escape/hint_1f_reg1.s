# Escape attempt: hint_1f_reg1.  0f 1f /1 is a reserved nop (only 0f 1f /0 is the nop).
# EXPECT: hint-nop space
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	nopl %eax			# the twin keeps 0f 1f /0
#BEGIN-BAD
	.p2align 5
bad:	.byte 0x0f, 0x1f, 0xc8
#END-BAD
	int3
