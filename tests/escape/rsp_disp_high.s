# Escape attempt: rsp_disp_high.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# One byte past the largest rsp displacement the guards cover.
# EXPECT: rsp-relative displacement 32768 beyond the guard
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movq %rcx, 8(%rsp)	# legal: a stack slot within the guard (sfi.md §3 form 3)
#BEGIN-BAD
bad:	movq %rcx, 32768(%rsp)
#END-BAD
	int3
