# Red-team case: rdgsbase.  rdgsbase (reveals B, harmless but denied)
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: rdgsbase is forbidden
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	rdgsbase %rax
#END-BAD
	int3
