# Escape attempt: mask_split.  The lines between BEGIN-BAD and END-BAD are
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
	.p2align 5
	.rept 28
	nop
	.endr
	andl $-32, %eax	# ends the bundle
	addq %r14, %rax
bad:	jmp *%rax
#END-BAD
	int3
