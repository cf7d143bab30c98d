# Escape attempt: tp_guard.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# The monitor thread's stack canary (%fs:0x28).
# EXPECT: %fs segment is forbidden
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movq %fs:0x70, %rax	# the one legal %fs access (section 7)
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
bad:	movq %fs:0x28, %rax
#END-BAD
	int3
