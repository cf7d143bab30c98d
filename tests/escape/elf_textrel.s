# Escape attempt: elf_textrel.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: TEXTREL
# BADLD: -pie --no-dynamic-linker -z separate-code -z max-page-size=4096 -z noexecstack -e _start -z notext
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
	.p2align 5
	.quad _start	# data in code, relocated
#END-BAD
	int3
