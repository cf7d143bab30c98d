# Escape attempt: nop_pad_disp.  looks like the padding nop nopw %cs:0(%rax,%rax,1) but has a
# non-zero displacement: not canonical, so the memory rule applies.
# EXPECT: segment override other than %gs
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	.byte 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0
#BEGIN-BAD
	.p2align 5
bad:	.byte 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 1, 0, 0
#END-BAD
	int3
