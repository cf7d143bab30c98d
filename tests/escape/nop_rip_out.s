# Escape attempt: nop_rip_out.  a RIP-relative nop is under the memory rule: its target
# must lie inside the image span.
# EXPECT: outside the image span
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	nopl _start(%rip)
#BEGIN-BAD
	.p2align 5
bad:	nopl 0x1000000(%rip)
#END-BAD
	int3
