# Escape attempt: bitmem_jmp_into.  A jump past the and straight to the bit test.
# The lines between BEGIN-BAD and END-BAD are the attack; removing them
# gives the accepted twin.
# EXPECT: inside a pseudo-instruction
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	.bundle_lock		# the legal form: the offset bounded just before
	andl $63, %edi
	lock btsq %rdi, %gs:(%eax)
	.bundle_unlock
#BEGIN-BAD
bad:	jmp tbt
	.bundle_lock
	andl $63, %edi
tbt:	lock btsq %rdi, %gs:(%eax)
	.bundle_unlock
#END-BAD
	int3
