# Escape attempt: rtcall_unaligned.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: not 8-byte aligned
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
	.bundle_lock align_to_end
bad:	addr32 call *%gs:0x10004
	.bundle_unlock
#END-BAD
	int3
