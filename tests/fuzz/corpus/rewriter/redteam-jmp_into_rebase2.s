# Red-team case: jmp_into_rebase2.  direct jump to the re-base of an esp pseudo-instruction
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: inside a pseudo-instruction
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	jmp 1f
	.p2align 5
	movl %ebp, %esp
1:	leaq (%rsp,%r14,1), %rsp
#END-BAD
	int3
