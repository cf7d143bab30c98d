# Escape attempt: hint_endbr64_rex.  endbr64 with a REX prefix: not the byte-exact f3 0f 1e fa.
# EXPECT: hint-nop space
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	endbr64
#BEGIN-BAD
	.p2align 5
bad:	.byte 0xf3, 0x48, 0x0f, 0x1e, 0xfa
#END-BAD
	int3
