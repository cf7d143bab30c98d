# Escape attempt: branch_66_jcc.  The lines between BEGIN-BAD and END-BAD are
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
bad:	.byte 0x66, 0x0f, 0x84, 0, 0, 0, 0	# data16 je
#END-BAD
	int3
