# Red-team case: mask_esp_jmp.  masked jump through rsp
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: write to %esp not immediately followed
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	andl $-32, %esp
	addq %r14, %rsp
	jmp *%rsp
#END-BAD
	int3
