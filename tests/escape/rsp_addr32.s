# Escape attempt: rsp_addr32.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# addr32 without %gs: esp alone is an absolute low address.
# EXPECT: addr32 memory operand without %gs segment
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movq %rcx, 8(%rsp)	# legal: a stack slot within the guard (sfi.md §3 form 3)
#BEGIN-BAD
bad:	movq 8(%esp), %rcx
#END-BAD
	int3
