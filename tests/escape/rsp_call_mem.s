# Escape attempt: rsp_call_mem.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# a stack slot is writable: no branch through it.
# EXPECT: memory-indirect call is forbidden
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movq %rcx, 8(%rsp)	# legal: a stack slot within the guard (sfi.md §3 form 3)
#BEGIN-BAD
bad:	call *8(%rsp)
#END-BAD
	int3
