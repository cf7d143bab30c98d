# Red-team case: ok_vmaskmov_gs.  vmaskmovps store with GS+addr32 (32 bytes at most).
# Accepted: the verifier must admit it (harmless or confined as it stands).
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	vmaskmovps %ymm0, %ymm1, %gs:(%eax)
	int3
