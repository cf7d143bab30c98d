# Escape attempt: rsp_fs.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# an rsp-relative operand through the monitor's FS.
# EXPECT: %fs segment is forbidden
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movq %rcx, 8(%rsp)	# legal: a stack slot within the guard (sfi.md §3 form 3)
#BEGIN-BAD
bad:	movq %fs:8(%rsp), %rcx
#END-BAD
	int3
