# Escape attempt: rsp_vsib.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# VSIB always has an index: rsp base does not make it a stack slot.
# EXPECT: memory operand without %gs segment
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movq %rcx, 8(%rsp)	# legal: a stack slot within the guard (sfi.md §3 form 3)
#BEGIN-BAD
bad:	vpgatherdd %xmm2, (%rsp,%xmm1,4), %xmm0
#END-BAD
	int3
