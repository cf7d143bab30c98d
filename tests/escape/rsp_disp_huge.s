# Escape attempt: rsp_disp_huge.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# The widest disp32 reaches the neighbouring region.
# EXPECT: rsp-relative displacement -2147483648 beyond the guard
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movq %rcx, 8(%rsp)	# legal: a stack slot within the guard (sfi.md §3 form 3)
#BEGIN-BAD
bad:	movq -0x80000000(%rsp), %rcx
#END-BAD
	int3
