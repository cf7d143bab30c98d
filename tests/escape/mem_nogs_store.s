# Escape attempt: mem_nogs_store.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: memory operand without %gs segment
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
bad:	movq %rcx, 8(%rbp)
#END-BAD
	int3
