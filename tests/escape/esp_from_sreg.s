# Escape attempt: esp_from_sreg.  mov from a segment register (8c /r) into
# %esp: its zero extension into the upper half is documented only for P6 and
# later, so it may not head the esp pseudo-instruction.
# EXPECT: write to %esp from a segment register
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
	movl %fs, %eax		# the twin keeps a segment register read
	.bundle_lock
	movl %eax, %esp
	leaq (%rsp,%r14,1), %rsp
	.bundle_unlock
#BEGIN-BAD
	.bundle_lock
bad:	movl %fs, %esp
	leaq (%rsp,%r14,1), %rsp
	.bundle_unlock
#END-BAD
	int3
