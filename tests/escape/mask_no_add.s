# Escape attempt: mask_no_add.  The lines between BEGIN-BAD and END-BAD are
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
	andl $-32, %eax
bad:	jmp *%rax
	.bundle_unlock
#END-BAD
	int3
