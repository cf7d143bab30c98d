# Escape attempt: hint_0d_prefetch.  AMD's prefetch (0f 0d /0) and its aliases are not admitted:
# compilers emit prefetchw (0f 0d /1) and the SSE prefetches.
# EXPECT: hint-nop space
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	prefetchw %gs:(%eax)
#BEGIN-BAD
	.p2align 5
bad:	prefetch %gs:(%eax)
#END-BAD
	int3
