# Escape attempt: esp_writer_imull.  Only mov/lea/add/sub/and/or/xor/xchg may
# write %esp before the re-base (an allow-list: no CPU quirk of another
# instruction can leave rsp's upper half in place).
# EXPECT: write to %esp by an instruction not allowed to
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
	.bundle_lock
bad:	imull $1, %eax, %esp
	leaq (%rsp,%r14,1), %rsp
	.bundle_unlock
#END-BAD
	int3
