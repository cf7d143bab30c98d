# Escape attempt: bitmem_bound_andw.  A 16-bit and (66 83 e0 0f) is not one of the bounding forms.
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
	andw $15, %ax
bad:	btw %ax, %gs:(%ecx)
	.bundle_unlock
#END-BAD
	int3
