# Escape attempt: esp_rebase_next_bundle.  The lines between BEGIN-BAD and END-BAD are
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
	.p2align 5
	.rept 29
	nop
	.endr
bad:	subl $16, %esp	# last 3 bytes of the bundle
	leaq (%rsp,%r14,1), %rsp
#END-BAD
	int3
