# Escape attempt: elf_exec_type.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: neither ET_DYN
# OFFSET: 0x10
# BADLD: -no-pie -z separate-code -z max-page-size=4096 -z noexecstack -e _start
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
#END-BAD
	int3
