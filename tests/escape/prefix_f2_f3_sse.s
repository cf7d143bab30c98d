# Escape attempt: prefix_f2_f3_sse.  F2 and F3 on an SSE opcode: movsd or movss, by precedence.
# EXPECT: conflicting mandatory prefixes F2 and F3
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	movss %xmm1, %xmm0
	movsd %xmm1, %xmm0
#BEGIN-BAD
	.p2align 5
bad:	.byte 0xf2, 0xf3, 0x0f, 0x10, 0xc1
#END-BAD
	int3
