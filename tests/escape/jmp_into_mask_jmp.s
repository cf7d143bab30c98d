# Escape attempt: jmp_into_mask_jmp.  The lines between BEGIN-BAD and END-BAD are
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
bad:	jmp tjmp
	.bundle_lock
	andl $-32, %eax
	addq %r14, %rax
tjmp:	jmp *%rax
	.bundle_unlock
#END-BAD
	int3
