# Escape attempt: hint_1f_f2.  f2 0f 1f: a nop to Zydis with a mandatory-prefix slot.
# EXPECT: hint-nop space
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	nopl %eax
#BEGIN-BAD
	.p2align 5
bad:	.byte 0xf2, 0x0f, 0x1f, 0xc0
#END-BAD
	int3
