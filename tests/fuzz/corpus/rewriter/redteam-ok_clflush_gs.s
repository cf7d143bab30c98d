# Red-team case: ok_clflush_gs.  clflush/clflushopt/clwb of a GS+addr32 address.
# Accepted: the verifier must admit it (harmless or confined as it stands).
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	clflush %gs:(%eax)
	clflushopt %gs:(%eax)
	clwb %gs:(%eax)
	int3
