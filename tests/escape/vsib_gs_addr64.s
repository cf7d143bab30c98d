# Escape attempt: vsib_gs_addr64.  The lines between BEGIN-BAD and END-BAD are
# the attack; removing them gives the accepted twin.
# A gather whose vector index holds full 64-bit addresses, with %gs but
# without addr32: each element would reach gs base + any 64-bit address.
# EXPECT: 64-bit addressing
# OFFSET: bad
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	addr32 vpgatherqd %gs:4(,%zmm2,1), %ymm4 {%k2}	# the legal form around the attack
#BEGIN-BAD
bad:	vpgatherqd %gs:4(,%zmm2,1), %ymm4 {%k2}
#END-BAD
	int3
