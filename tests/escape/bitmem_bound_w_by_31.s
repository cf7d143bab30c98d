# Escape attempt: bitmem_bound_w_by_31.  andl $31 leaves a word's bit offset 16 bits too far.
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
	andl $15, %eax
	btw %ax, %gs:(%ecx)
	.bundle_unlock
#BEGIN-BAD
	.bundle_lock
	andl $31, %eax
bad:	btsw %ax, %gs:(%ecx)
	.bundle_unlock
#END-BAD
	int3
