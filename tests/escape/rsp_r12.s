# Escape attempt: rsp_r12.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# r12 shares rsp's base encoding (SIB base 100 with REX.B).
# EXPECT: memory operand without %gs segment
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movq %rcx, 8(%rsp)	# legal: a stack slot within the guard (sfi.md §3 form 3)
#BEGIN-BAD
bad:	movq 8(%r12), %rcx
#END-BAD
	int3
