# Escape attempt: rsp_disp_low.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# One byte below the smallest rsp displacement the guards cover.
# EXPECT: rsp-relative displacement -32769 beyond the guard
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movq %rcx, 8(%rsp)	# legal: a stack slot within the guard (sfi.md §3 form 3)
#BEGIN-BAD
bad:	movq -32769(%rsp), %rcx
#END-BAD
	int3
