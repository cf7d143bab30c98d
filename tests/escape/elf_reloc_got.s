# Escape attempt: elf_reloc_got.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: is not R_X86_64_RELATIVE
# BADLD: -pie --no-dynamic-linker -z separate-code -z max-page-size=4096 -z noexecstack -e _start --unresolved-symbols=ignore-all
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
	movq undef_sym@GOTPCREL(%rip), %rax
#END-BAD
	int3
