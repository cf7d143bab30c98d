# Escape attempt: elf_wx.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# EXPECT: writable and executable
# BADLD: -pie --no-dynamic-linker -N -z max-page-size=4096 -z noexecstack -e _start
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	movl %gs:(%eax), %ecx	# a little legal code around the attack
#BEGIN-BAD
#END-BAD
	int3
