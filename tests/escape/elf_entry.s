# Escape attempt: elf_entry.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: entry point
# OFFSET: 0x18
# BADLD: -pie --no-dynamic-linker -z separate-code -z max-page-size=4096 -z noexecstack -e entry2
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
#END-BAD
	.p2align 5
	nop
	.globl entry2
entry2:	nop
	int3
