# Escape attempt: branch_66_call.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: 0x66 on a branch
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
	.p2align 5
	.rept 26
	nop
	.endr
bad:	.byte 0x66, 0xe8, 0, 0, 0, 0	# data16 call, ends the bundle
#END-BAD
	int3
