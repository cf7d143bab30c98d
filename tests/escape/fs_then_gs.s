# Escape attempt: fs_then_gs.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: %fs segment is forbidden
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
bad:	.byte 0x64, 0x65, 0x67, 0x8b, 0x00	# fs gs addr32 mov (%eax),%eax
#END-BAD
	int3
