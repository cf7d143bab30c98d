# Escape attempt: ds_then_gs.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: segment override other than %gs
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
bad:	.byte 0x3e, 0x65, 0x67, 0x8b, 0x00	# ds gs addr32 mov (%eax),%eax
#END-BAD
	int3
