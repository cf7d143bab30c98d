# Escape attempt: nop_nogs.  a nop with a plain 64-bit address that is not a canonical
# padding form is under the memory rule.
# EXPECT: memory operand without %gs segment
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	nopl %gs:8(%eax)
	.byte 0x66, 0x0f, 0x1f, 0x44, 0, 0	# padding forms stay exempt
	nopl 0(%rax)
	.byte 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0
#BEGIN-BAD
	.p2align 5
bad:	nopl 8(%rax)
#END-BAD
	int3
