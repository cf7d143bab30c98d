# Escape attempt: bitmem_bound_andq.  A 64-bit and is not one of the bounding forms (only andl).
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
	andq $63, %rdi
bad:	btrq %rdi, %gs:(%eax)
	.bundle_unlock
#END-BAD
	int3
