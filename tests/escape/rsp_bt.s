# Escape attempt: rsp_bt.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# the register bit offset reaches 2^60 bytes past rsp.
# EXPECT: bit test on memory with a register bit offset
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movq %rcx, 8(%rsp)	# legal: a stack slot within the guard (sfi.md §3 form 3)
#BEGIN-BAD
bad:	btq %rax, 8(%rsp)
#END-BAD
	int3
