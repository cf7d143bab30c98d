# Escape attempt: hint_1c_f3.  f3 0f 1c: a nop to Zydis, in the slot of cldemote (0f 1c /0)
# and whatever comes next.
# EXPECT: hint-nop space
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
	.p2align 5
bad:	.byte 0x65, 0x67, 0xf3, 0x0f, 0x1c, 0x00
#END-BAD
	int3
