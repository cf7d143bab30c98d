# Escape attempt: jmp_into_rebase.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: inside a pseudo-instruction
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
bad:	jne tlea
	.bundle_lock
	subl $16, %esp
tlea:	leaq (%rsp,%r14,1), %rsp
	.bundle_unlock
#END-BAD
	int3
