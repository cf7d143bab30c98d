# Red-team case: ok_cmpxchg16b_gs.  cmpxchg16b with GS+addr32.
# Accepted: the verifier must admit it (harmless or confined as it stands).
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	cmpxchg16b %gs:(%eax)
	int3
