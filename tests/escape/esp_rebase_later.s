# Escape attempt: esp_rebase_later.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: not immediately followed by leaq
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
bad:	subl $16, %esp
	nop
	leaq (%rsp,%r14,1), %rsp
#END-BAD
	int3
