# Escape attempt: nop_fs.  a nop's memory operand is under the memory rule like any
# other: %fs is forbidden.
# EXPECT: %fs segment is forbidden
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	nopl %gs:(%eax)			# the twin keeps a %gs nop
#BEGIN-BAD
	.p2align 5
bad:	nopl %fs:(%rax)
#END-BAD
	int3
