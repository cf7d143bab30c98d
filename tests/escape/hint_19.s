# Escape attempt: hint_19.  0f 19: a reserved nop (Zydis), no instruction a compiler emits.
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
bad:	.byte 0x65, 0x67, 0x0f, 0x19, 0x00
#END-BAD
	int3
