# Escape attempt: bitmem_bound_rex_before_66.  REX before 0x66 is ignored: the bit test is 16-bit, and $31 is too wide for it.
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
bad:	.byte 0x65, 0x67, 0x48, 0x66, 0x0f, 0xab, 0x01
	.bundle_unlock
#END-BAD
	int3
