# Escape attempt: prefix_66_f2_crc32b.  66 with F2 on crc32 r/m8 (0f 38 f0), where 66 is no operand size.
# EXPECT: conflicting mandatory prefixes 66 and F2/F3
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	crc32w %ax, %ecx		# crc32w (66 f2 0f 38 f1) stays
	crc32b %al, %ecx
#BEGIN-BAD
	.p2align 5
bad:	.byte 0x66, 0xf2, 0x0f, 0x38, 0xf0, 0xc8
#END-BAD
	int3
