# Escape attempt: bitmem_bound_after.  The and comes after the bit test, not before.
# The lines between BEGIN-BAD and END-BAD are the attack; removing them
# gives the accepted twin.
# EXPECT: not bounded by
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
	.bundle_lock
bad:	btsq %rdi, %gs:(%eax)
	andl $63, %edi
	.bundle_unlock
#END-BAD
	int3
