# Escape attempt: hint_1e_mem.  0f 1e with a memory operand: a nop to Zydis in the CET slot
# (endbr64, rdssp); only endbr64 byte-exact (f3 0f 1e fa) is admitted.
# EXPECT: hint-nop space
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	endbr64				# the twin keeps endbr64
#BEGIN-BAD
	.p2align 5
bad:	.byte 0x65, 0x67, 0x0f, 0x1e, 0x00
#END-BAD
	int3
