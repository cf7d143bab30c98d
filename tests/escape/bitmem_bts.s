# Escape attempt: bitmem_bts.  bts with a memory operand and a register bit
# offset addresses EA + (offset >> 3) with a 64-bit offset: not confined.
# EXPECT: bit test on memory with a register bit offset
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	btsq $3, %gs:(%eax)	# the immediate form is fine
#BEGIN-BAD
bad:	btsq %rcx, %gs:(%eax)
#END-BAD
	int3
