# Escape attempt: prefix_66_f3.  66 with F3 on an SSE opcode: movss or movupd, by precedence.
# EXPECT: conflicting mandatory prefixes 66 and F2/F3
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	popcntw %ax, %cx		# 66 as the operand size of an F3 instruction stays
	tzcntw %ax, %cx
	lzcntw %ax, %cx
#BEGIN-BAD
	.p2align 5
bad:	.byte 0x66, 0xf3, 0x0f, 0x10, 0xc1
#END-BAD
	int3
