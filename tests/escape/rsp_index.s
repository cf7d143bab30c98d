# Escape attempt: rsp_index.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# rsp as base with an index register is an unconfined address.
# EXPECT: memory operand without %gs segment
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movq %rcx, 8(%rsp)	# legal: a stack slot within the guard (sfi.md §3 form 3)
#BEGIN-BAD
bad:	movq (%rsp,%rax,1), %rcx
#END-BAD
	int3
