# Escape attempt: crossing.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: crosses a bundle boundary
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
	.p2align 5
	.rept 30
	nop
	.endr
bad:	.byte 0xb8, 1, 0, 0, 0	# movl $1,%eax across the boundary
#END-BAD
	int3
