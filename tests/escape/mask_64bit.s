# Escape attempt: mask_64bit.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: indirect jump not masked
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
	.bundle_lock
	andq $-32, %rax
	addq %r14, %rax
bad:	jmp *%rax
	.bundle_unlock
#END-BAD
	int3
