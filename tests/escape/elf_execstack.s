# Escape attempt: elf_execstack.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: PT_GNU_STACK
# BADLD: -pie --no-dynamic-linker -z separate-code -z max-page-size=4096 -z execstack -e _start
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
#END-BAD
	int3
