# Red-team case: o16_call_reg.  0x66 on a masked call *%rax
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: operand-size prefix 0x66 on a branch
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
	andl $-32, %eax
	addq %r14, %rax
bad:	.byte 0x66, 0xff, 0xd0
#END-BAD
	int3
