# Escape attempt: rtcall_noaddr32.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: memory-indirect call is forbidden except
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
	.bundle_lock align_to_end
bad:	call *%gs:0x10008
	.bundle_unlock
#END-BAD
	int3
