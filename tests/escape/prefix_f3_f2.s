# Escape attempt: prefix_f3_f2.  F3 and F2 together: Zydis lets the last win (a nop here), a CPU
# that lets F3 win runs rdsspq %r14, a write to r14.
# EXPECT: conflicting mandatory prefixes F2 and F3
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
	.p2align 5
bad:	.byte 0xf3, 0xf2, 0x49, 0x0f, 0x1e, 0xce
#END-BAD
	int3
