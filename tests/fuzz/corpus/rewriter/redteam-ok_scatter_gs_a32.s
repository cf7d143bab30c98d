# Red-team case: ok_scatter_gs_a32.  AVX-512 scatter with GS+addr32 (element addresses truncated like gathers).
# Accepted: the verifier must admit it (harmless or confined as it stands).
	.text
	.bundle_align_mode 5
	.globl _start
	.p2align 5
_start:
	vpscatterdd %zmm0, %gs:(%eax,%zmm1,4) {%k1}
	int3
