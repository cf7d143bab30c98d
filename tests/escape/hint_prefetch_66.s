# Escape attempt: hint_prefetch_66.  a prefetch with 0x66: another slot of the hint space.
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
bad:	.byte 0x66, 0x65, 0x67, 0x0f, 0x18, 0x08
#END-BAD
	int3
