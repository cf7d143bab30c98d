# Escape attempt: tp_addr32.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# addr32 on the load: exact bytes only.
# EXPECT: %fs segment is forbidden
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movq %fs:0x70, %rax	# the one legal %fs access (section 7)
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
bad:	.byte 0x64, 0x67, 0x48, 0x8b, 0x04, 0x25, 0x70, 0, 0, 0
#END-BAD
	int3
