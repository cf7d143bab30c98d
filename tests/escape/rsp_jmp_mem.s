# Escape attempt: rsp_jmp_mem.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: memory-indirect jump is forbidden
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movq %rcx, 8(%rsp)	# legal: a stack slot within the guard (sfi.md §3 form 3)
#BEGIN-BAD
bad:	jmp *8(%rsp)
#END-BAD
	int3
