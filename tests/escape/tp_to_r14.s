# Escape attempt: tp_to_r14.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# The thread pointer into r14: the r14 rule still holds.
# EXPECT: write to reserved register r14
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movq %fs:0x70, %rax	# the one legal %fs access (section 7)
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
bad:	movq %fs:0x70, %r14
#END-BAD
	int3
