# Red-team case: tzcnt_esp.  tzcnt runs as bsf on CPUs without BMI1 (fixed with bsf)
# The lines between BEGIN-BAD and END-BAD are the attack; without them the
# file is the accepted twin.
# EXPECT: write to %esp that may leave %rsp unchanged
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx
#BEGIN-BAD
bad:	tzcntl %eax, %esp
	leaq (%rsp,%r14,1), %rsp
#END-BAD
	int3
