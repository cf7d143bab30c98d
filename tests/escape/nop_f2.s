# Escape attempt: nop_f2.  f2 90 is a nop to Zydis in a mandatory-prefix slot
# (f3 90 became pause): outside the hint-nop space, only 90 itself is a nop.
# EXPECT: hint-nop space
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	nop			# the twin keeps nop and pause
	pause
	xchgw %ax, %ax
#BEGIN-BAD
	.p2align 5
bad:	.byte 0xf2, 0x90
#END-BAD
	int3
