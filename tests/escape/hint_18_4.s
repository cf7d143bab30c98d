# Escape attempt: hint_18_4.  0f 18 /4 is a reserved nop to Zydis and prefetchrst2 on
# new CPUs: the hint-nop space admits only prefetchnta/t0/t1/t2 (0f 18 /0-/3).
# EXPECT: hint-nop space
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	prefetchnta %gs:(%eax)		# the twin keeps the prefetches
	prefetcht2 %gs:8(%eax,%ecx,4)
#BEGIN-BAD
	.p2align 5
bad:	.byte 0x65, 0x67, 0x0f, 0x18, 0x20	# nop %gs:(%eax), 0f 18 /4
#END-BAD
	int3
