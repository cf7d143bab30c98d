# Escape attempt: jmp_mid_insn.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: not the start of an instruction
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
bad:	jmp tgt+1
tgt:	movl $0x12345678, %eax
#END-BAD
	int3
