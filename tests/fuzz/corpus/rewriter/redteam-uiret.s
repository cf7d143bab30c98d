# Red-team case: uiret.  uiret (user-interrupt return: a far-ish return)
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: not on the allow-list (UINTR)
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	uiret
#END-BAD
	int3
