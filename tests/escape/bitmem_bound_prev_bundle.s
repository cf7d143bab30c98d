# Escape attempt: bitmem_bound_prev_bundle.  The and ends one bundle, the bit test starts the next: a branch could reach it alone.
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
	.p2align 5
	.fill 29, 1, 0x90
	andl $63, %edi
bad:	btsq %rdi, %gs:(%eax)
#END-BAD
	int3
